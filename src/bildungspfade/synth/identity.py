"""The trust office (Vertrauensstelle): names, pseudonyms and Bloom filters.

Names exist only in memory, drawn from Faker's locale lists; they never reach a file. A
pseudonym is HMAC-SHA256 over normalised surname, first name, birth date and sex with a key
the warehouse never sees. A misspelled name or a wrong birth date gives another pseudonym: an
agency may record a person its own way (persistent error) or make a one-off typo (transient).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import lru_cache

import numpy as np

from .dates import iso

AGENCIES = {
    "Statistikstelle": 1,
    "Jugendamt": 2,
    "Gesundheitsamt": 3,
    "Schulamt": 4,
    "Jobcenter": 5,
}
LOCALES = ("de_DE", "tr_TR", "pl_PL", "it_IT", "ar_AA", "uk_UA")
CLK_BITS = 1024
CLK_HASHES = 20


# The registers hold names in Latin script (DIN 31635 and the German transcription of
# Cyrillic, simplified): the trust office sees what they hold. Without this, a locale written
# in another script normalises to an empty name, and everyone of that origin born the same
# day with the same sex shares one pseudonym and one Bloom filter.
CYRILLIC = (
    "а=a б=b в=w г=h ґ=g д=d е=e є=je ж=sh з=s и=y і=i ї=ji й=i к=k л=l м=m н=n о=o п=p "
    "р=r с=s т=t у=u ф=f х=ch ц=z ч=tsch ш=sch щ=schtsch ь= ю=ju я=ja ъ= ы=y э=e ё=jo"
)
ARABIC = (
    "ا=a ب=b ت=t ث=th ج=dsch ح=h خ=ch د=d ذ=dh ر=r ز=s س=s ش=sch ص=s ض=d ط=t ظ=z ع= غ=gh "
    "ف=f ق=k ك=k ل=l م=m ن=n ه=h و=u ي=i ى=a ة=a ء= أ=a إ=i آ=a ؤ= ئ="
)


def _transliteration() -> dict[int, str]:
    pairs = dict(pair.split("=") for pair in f"{CYRILLIC} {ARABIC}".split())
    pairs |= {upper: latin.title() for cyr, latin in pairs.items() if (upper := cyr.upper()) != cyr}
    # Arabic short-vowel signs, the tatweel and apostrophes carry no letter of their own
    pairs |= {chr(c): "" for c in (*range(0x064B, 0x0653), 0x0640)} | {"'": "", "ʼ": ""}
    return str.maketrans(pairs)


TRANSLITERATION = _transliteration()


def _latin(names) -> tuple[str, ...]:
    out = (" ".join(str(n).translate(TRANSLITERATION).split()) for n in names)
    return tuple(dict.fromkeys(n.title() if n.islower() else n for n in out if n))


def _feminine(surname: str) -> str:
    """The female form of a Polish surname (Kowalski -> Kowalska)."""
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname


@lru_cache(maxsize=1)
def name_lists() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per locale: male first names, female first names, male and female surnames (from
    Faker's providers, in Latin script). Where a provider has sex-specific surnames (Polish,
    Ukrainian), each sex draws its own form; Faker's pl_PL `last_names` is a placeholder."""
    import importlib

    out = {}
    for loc in LOCALES:
        mod = importlib.import_module(f"faker.providers.person.{loc}")
        prov = mod.Provider
        male = _latin(getattr(prov, "first_names_male", ()))
        female = _latin(getattr(prov, "first_names_female", ()))
        if loc == "pl_PL":
            shared = _latin(prov.unisex_last_names)
            last_m = shared + _latin(prov.male_last_names)
            last_f = shared + tuple(_feminine(n) for n in _latin(prov.male_last_names))
        elif hasattr(prov, "last_names_male") and hasattr(prov, "last_names_female"):
            last_m, last_f = _latin(prov.last_names_male), _latin(prov.last_names_female)
        else:
            last_m = last_f = _latin(getattr(prov, "last_names", ()))
        out[loc] = tuple(np.array(sorted(names)) for names in (male, female, last_m, last_f))
    return out


def splitmix(x: np.ndarray) -> np.ndarray:
    """A fast, well-mixed 64-bit hash of integers, for draws that must not depend on order."""
    z = np.asarray(x, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def unit(x: np.ndarray) -> np.ndarray:
    return (splitmix(x) >> np.uint64(11)).astype(np.float64) / float(1 << 53)


class TrustOffice:
    """Holds names and keys for a chunk of persons; computes pseudonyms and Bloom filters."""

    def __init__(
        self,
        seed: int,
        person_id: np.ndarray,
        birth: np.ndarray,
        sex: np.ndarray,
        mig: np.ndarray,
        nationality: np.ndarray,
    ):
        self.seed = seed
        self.key = hashlib.sha256(f"vertrauensstelle:{seed}".encode()).digest()
        self.clk_keys = (
            hashlib.sha256(f"clk1:{seed}".encode()).digest(),
            hashlib.sha256(f"clk2:{seed}".encode()).digest(),
        )
        lists = name_lists()
        n = len(person_id)
        loc = np.zeros(n, dtype=np.int64)
        foreign = mig > 0
        u = unit(person_id * 7 + seed)
        loc[foreign & np.isin(nationality, ("TUR",))] = 1
        loc[foreign & np.isin(nationality, ("POL",))] = 2
        loc[foreign & np.isin(nationality, ("ITA", "ESP", "PRT", "GRC"))] = 3
        loc[foreign & np.isin(nationality, ("SYR", "IRQ", "AFG", "MAR", "ERI"))] = 4
        loc[foreign & np.isin(nationality, ("UKR", "RUS"))] = 5
        loc[(mig == 2) & (u < 0.5)] = 1  # German citizens with a migration background
        self.person_id = person_id
        self.birth = birth
        self.sex = sex
        self.first = np.empty(n, dtype=object)
        self.last = np.empty(n, dtype=object)
        r1 = splitmix(person_id * 11 + seed)
        r2 = splitmix(person_id * 13 + seed)
        for i, name in enumerate(LOCALES):
            idx = np.flatnonzero(loc == i)
            male, female, last_m, last_f = lists[name]
            fem = sex[idx] == 1
            self.first[idx] = np.where(
                fem,
                female[(r1[idx] % np.uint64(len(female))).astype(np.int64)],
                male[(r1[idx] % np.uint64(len(male))).astype(np.int64)],
            )
            self.last[idx] = np.where(
                fem,
                last_f[(r2[idx] % np.uint64(len(last_f))).astype(np.int64)],
                last_m[(r2[idx] % np.uint64(len(last_m))).astype(np.int64)],
            )
        self._birth_iso = iso(birth)
        self._cache: dict[tuple[int, int], str] = {}
        self._base: np.ndarray | None = None

    # --- identities --------------------------------------------------------------------------

    def identity(self, row: int, variant: int) -> tuple[str, str, str, int]:
        """(surname, first name, birth date, sex) as an agency recorded it; variant 0 is true."""
        last, first = str(self.last[row]), str(self.first[row])
        birth, sex = str(self._birth_iso[row]), int(self.sex[row])
        if variant == 0:
            return last, first, birth, sex
        h = int(splitmix(np.array([self.person_id[row] * 31 + variant + self.seed]))[0])
        kind = h % 4
        if kind == 0 and len(last) > 2:  # a letter typed wrong
            pos = (h >> 8) % len(last)
            letter = "abcdefghijklmnopqrstuvwxyz"[(h >> 16) % 26]
            last = last[:pos] + letter + last[pos + 1 :]
        elif kind == 1 and len(first) > 3:  # a letter dropped
            pos = (h >> 8) % len(first)
            first = first[:pos] + first[pos + 1 :]
        elif kind == 2:  # day and month swapped or a wrong day
            y, m, d = birth.split("-")
            swapped = int(d) <= 12 and d != m
            birth = f"{y}-{d}-{m}" if swapped else f"{y}-{m}-{(int(d) % 28) + 1:02d}"
        else:  # a double-barrelled name cut, or a transliteration
            last = last.split("-")[0] + ("e" if "-" not in last else "")
        true_last, true_first, true_birth, _ = self.identity(row, 0)
        if (normalise(last), normalise(first), birth) == (
            normalise(true_last),
            normalise(true_first),
            true_birth,
        ):
            last = last + "h"  # a typo that normalisation undoes is no error: make it one
        return last, first, birth, sex

    def pid(self, row: int, variant: int = 0) -> str:
        if variant == 0:
            return str(self.base_pids()[row])
        key = (row, variant)
        got = self._cache.get(key)
        if got is None:
            last, first, birth, sex = self.identity(row, variant)
            msg = f"{normalise(last)}|{normalise(first)}|{birth}|{sex}".encode()
            got = hmac.new(self.key, msg, hashlib.sha256).hexdigest()
            self._cache[key] = got
        return got

    def base_pids(self) -> np.ndarray:
        """The true pseudonym of every person, computed once per chunk."""
        if self._base is None:
            key, sha = self.key, hashlib.sha256
            self._base = np.array(
                [
                    hmac.new(
                        key,
                        (f"{normalise(str(last))}|{normalise(str(first))}|{birth}|{sex}").encode(),
                        sha,
                    ).hexdigest()
                    for last, first, birth, sex in zip(
                        self.last, self.first, self._birth_iso, self.sex.tolist(), strict=True
                    )
                ],
                dtype="U64",
            )
        return self._base

    def pids(self, rows: np.ndarray, variants: np.ndarray) -> np.ndarray:
        out = self.base_pids()[rows] if len(rows) else np.zeros(0, dtype="U64")
        for i in np.flatnonzero(variants != 0):
            out[i] = self.pid(int(rows[i]), int(variants[i]))
        return out

    def clk(self, row: int, variant: int = 0) -> str:
        last, first, birth, _ = self.identity(row, variant)
        return bloom_filter(f"{normalise(first)} {normalise(last)}", int(birth[:4]), self.clk_keys)

    def clks(self, rows: np.ndarray, variants: np.ndarray) -> np.ndarray:
        return np.array(
            [self.clk(int(r), int(v)) for r, v in zip(rows, variants, strict=True)], dtype=object
        )


@lru_cache(maxsize=100_000)
def normalise(name: str) -> str:
    """Upper case, umlauts transliterated, accents and everything but letters dropped."""
    s = name.upper().replace("Ä", "AE").replace("Ö", "OE").replace("Ü", "UE").replace("ß", "SS")
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if "A" <= ch <= "Z")


def bigrams(text: str) -> list[str]:
    padded = f"_{text}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


@lru_cache(maxsize=200_000)
def _positions(gram: str, salt: int, k1: bytes, k2: bytes) -> int:
    msg = f"{gram}|{salt}".encode()
    a = int.from_bytes(hmac.new(k1, msg, hashlib.sha1).digest()[:8], "big")
    b = int.from_bytes(hmac.new(k2, msg, hashlib.md5).digest()[:8], "big")
    mask = 0
    for i in range(CLK_HASHES):  # double hashing (Schnell, Bachteler, Reiher 2009)
        mask |= 1 << ((a + i * b) % CLK_BITS)
    return mask


def bloom_filter(text: str, salt: int, keys: tuple[bytes, bytes]) -> str:
    """1024-bit Bloom filter of the text's bigrams, keyed and salted, base64-encoded."""
    mask = 0
    for gram in bigrams(text):
        mask |= _positions(gram, salt, keys[0], keys[1])
    return base64.b64encode(mask.to_bytes(CLK_BITS // 8, "big")).decode()


def pid_variants(
    seed: int,
    person_id: np.ndarray,
    agency: int,
    record_salt: np.ndarray,
    persistent_rate: float,
    transient_rate: float,
) -> np.ndarray:
    """Which identity variant each record carries: 0 true, 1 the agency's own spelling,
    2+ a one-off error. Persistent errors depend only on (person, agency)."""
    persistent = unit(person_id * 1_000_003 + agency * 7919 + seed) < persistent_rate
    transient = unit(record_salt * 2_000_003 + agency * 104_729 + seed + 1) < transient_rate
    salt_variant = 2 + (splitmix(record_salt + seed) % np.uint64(1000)).astype(np.int64)
    return np.where(transient, salt_variant, np.where(persistent, 1, 0))
