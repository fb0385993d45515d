{# One row per segregation indicator, year and unit kind: the dissimilarity index
    D = ½ Σ |aᵢ/A − bᵢ/B| and the isolation index P* = Σ (aᵢ/A)(aᵢ/tᵢ), both × 100, over
    institutions (Kitas: children 3-5 on 1 March y+1; primary schools: pupils on 15 October y)
    and, for the same children, over the statistical districts they live in. Exact values. #}
with

-- the Kita children of the early-childhood base (resident on 1 March y+1, aged 0-5)
early_childhood as (

    select
        school_year,
        state,
        age_care_date,
        kita_id,
        statistical_district,
        has_nongerman_family_language,
        has_benefit_receipt
    from {{ ref('fct_indicator_base__early_childhood') }}

),

person_years as (

    select
        school_year,
        state,
        is_resident_school_date,
        school_id,
        statistical_district,
        has_nongerman_family_language,
        has_benefit_receipt
    from {{ ref('fct_person_years') }}

),

children as (

    select
        school_year as year,
        'kitas' as institution_kind,
        kita_id as institution_id,
        statistical_district,
        has_nongerman_family_language,
        has_benefit_receipt
    from early_childhood
    where state = 'kita' and age_care_date between 3 and 5
    union all
    select
        school_year as year,
        'grundschulen' as institution_kind,
        school_id as institution_id,
        statistical_district,
        has_nongerman_family_language,
        has_benefit_receipt
    from person_years
    where state = 'primary' and is_resident_school_date

),

{# One row per child, group_dimension (family language, benefit receipt) and unit kind. #}
memberships as (

    select
        year,
        'familiensprache' as group_dimension,
        institution_kind as unit_kind,
        institution_id as unit_id,
        has_nongerman_family_language as is_group
    from children
    where has_nongerman_family_language is not null and institution_id is not null
    union all
    select
        year,
        'familiensprache' as group_dimension,
        institution_kind || '_wohnbezirke' as unit_kind,
        statistical_district as unit_id,
        has_nongerman_family_language as is_group
    from children
    where has_nongerman_family_language is not null and statistical_district is not null
    union all
    select
        year,
        'leistungsbezug' as group_dimension,
        institution_kind as unit_kind,
        institution_id as unit_id,
        coalesce(has_benefit_receipt, false) as is_group
    from children
    where institution_id is not null
    union all
    select
        year,
        'leistungsbezug' as group_dimension,
        institution_kind || '_wohnbezirke' as unit_kind,
        statistical_district as unit_id,
        coalesce(has_benefit_receipt, false) as is_group
    from children
    where statistical_district is not null

),

units as (

    select
        year,
        group_dimension,
        unit_kind,
        unit_id,
        count(*) filter (where is_group) as group_count,
        count(*) filter (where not is_group) as other_count,
        count(*) as unit_total
    from memberships
    group by year, group_dimension, unit_kind, unit_id

),

totals as (

    select
        *,
        sum(group_count) over kind_window as group_total,
        sum(other_count) over kind_window as other_total
    from units
    window kind_window as (partition by year, group_dimension, unit_kind)

),

indices as (

    select
        year,
        group_dimension,
        unit_kind,
        count(*) as units,  -- noqa: RF04
        max(group_total) as group_total,
        max(other_total) as other_total,
        -- float sums in unit order: in arrival order the last bits differ between builds
        100 * 0.5 * sum(abs(
            {{ safe_rate('group_count', 'group_total') }}
            - {{ safe_rate('other_count', 'other_total') }}
        ) order by unit_id) as dissimilarity,
        100 * sum(
            {{ safe_rate('group_count', 'group_total') }}
            * {{ safe_rate('group_count', 'unit_total') }}
            order by unit_id
        ) as isolation  -- noqa: RF04
    from totals
    group by year, group_dimension, unit_kind

),

index_codes as (

    select * from (
        values
        ('familiensprache', 'dissimilarity', 'RB02'),
        ('familiensprache', 'isolation', 'RB03'),
        ('leistungsbezug', 'dissimilarity', 'RB04'),
        ('leistungsbezug', 'isolation', 'RB05')
    ) as codes (group_dimension, index_kind, indicator_code)  -- noqa: AL05

),

final as (

    -- whole-city values in the grain of an indicator cell, as fct_indicator_values unions them
    select
        index_codes.indicator_code,
        cast(indices.year as integer) as year,
        'stadt' as area_level,
        'stadt' as area_id,
        'alle' as subgroup,
        'alle' as subgroup_value,
        indices.unit_kind as category,
        indices.units,
        indices.group_total,
        indices.other_total,
        case index_codes.index_kind
            when 'dissimilarity' then indices.dissimilarity
            else indices.isolation
        end as value  -- noqa: RF04
    from indices
    inner join index_codes
        on indices.group_dimension = index_codes.group_dimension

)

select * from final
