with

xwalk_schulform as (

    {{ school_form_crosswalk() }}

),

xwalk_einschulungsart as (

    select
        einschulungsart_code,
        school_entry_kind
    from {{ ref('xwalk_einschulungsart') }}

),

xwalk_foerderschwerpunkt as (

    select
        foerderschwerpunkt_code,
        support_area
    from {{ ref('xwalk_foerderschwerpunkt') }}

),

xwalk_uebergangsempfehlung as (

    select
        uebergangsempfehlung_code,
        recommendation
    from {{ ref('xwalk_uebergangsempfehlung') }}

),

renamed as (

    select
        {{ leading_columns('schueler') }},
        {{ school_form_columns() }},
        delivered.einschulungsjahr as school_entry_year,
        delivered.einschulungsart as school_entry_kind_code,
        xwalk_einschulungsart.school_entry_kind,
        delivered.staatsangehoerigkeit as nationality_code,
        {{ code_to_boolean('delivered.verkehrssprache_deutsch', 'J', 'N') }}
            as is_family_language_german,
        delivered.foerderschwerpunkt as special_needs_code,
        xwalk_foerderschwerpunkt.support_area as special_needs_area,
        delivered.foerderschwerpunkt is not null as has_special_needs,
        delivered.versetzung as promotion_code,
        {{ code_to_boolean('delivered.ganztag', 'J', 'N') }} as is_all_day,
        delivered.uebergangsempfehlung as transition_recommendation_code,
        xwalk_uebergangsempfehlung.recommendation as transition_recommendation,
        delivered.wohn_baublock as residence_block_id,
        {{ trailing_columns('schueler') }}
    {{ from_delivered('schueler') }}
    left join xwalk_schulform
        on delivered.schulform = xwalk_schulform.schulform_code
    left join xwalk_einschulungsart
        on delivered.einschulungsart = xwalk_einschulungsart.einschulungsart_code
    left join xwalk_foerderschwerpunkt
        on delivered.foerderschwerpunkt = xwalk_foerderschwerpunkt.foerderschwerpunkt_code
    left join xwalk_uebergangsempfehlung
        on delivered.uebergangsempfehlung = xwalk_uebergangsempfehlung.uebergangsempfehlung_code

)

select * from renamed
