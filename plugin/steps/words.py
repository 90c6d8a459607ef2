"""What the plugin says about an analysis, in one place: the panel, legends, subtitles and logs use these.

Pure Python (no numpy, no QGIS needed); ``tr`` translates inside QGIS and is the identity elsewhere.
A list of region names is always joined with :data:`NAME_SEP` (names such as "Derby, Derbyshire,
Nottingham and Nottinghamshire" contain commas).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..core import codes
from ..i18n import localise, number_g, tr, tr_noop
from . import options

NAME_SEP = "; "

# A statistic or a correction inside a sentence (and in a layer's record): the registry's words (English; tr
# where shown).
STATISTIC_LABELS = {c.code: c.words for c in options.STATISTICS}
CORRECTION_LABELS = {c.code: c.words for c in options.CORRECTIONS}
# Region types of the local statistics: words for legends and summaries, in legend order.
MORAN_TYPE_WORDS = (
    ("HH", tr_noop("High-High (cluster of high values)")),
    ("LL", tr_noop("Low-Low (cluster of low values)")),
    ("HL", tr_noop("High-Low (high among low)")),
    ("LH", tr_noop("Low-High (low among high)")),
    ("ns", tr_noop("Not significant")),
    ("isolated", tr_noop("No neighbour")),
    ("nodata", tr_noop("No data")),
)
GSTAR_TYPE_WORDS = (
    ("hot99", tr_noop("Hot spot, 99 % confidence")),
    ("hot95", tr_noop("Hot spot, 95 % confidence")),
    ("hot90", tr_noop("Hot spot, 90 % confidence")),
    ("ns", tr_noop("Not significant")),
    ("cold90", tr_noop("Cold spot, 90 % confidence")),
    ("cold95", tr_noop("Cold spot, 95 % confidence")),
    ("cold99", tr_noop("Cold spot, 99 % confidence")),
    ("isolated", tr_noop("No neighbour")),
    ("nodata", tr_noop("No data")),
)
# What to call the regions, from the key field's ONS prefix ("HVM cluster 1 — 5 LEPs").
_NOUNS = (("lep", tr_noop("LEPs")), ("lad", tr_noop("districts")), ("lau", tr_noop("districts")),
          ("cty", tr_noop("counties")), ("ctyua", tr_noop("authorities")), ("msoa", tr_noop("MSOAs")),
          ("lsoa", tr_noop("LSOAs")), ("itl", tr_noop("regions")), ("nuts", tr_noop("regions")),
          ("rgn", tr_noop("regions")), ("ca", tr_noop("combined authorities")))


def join_names(names: Iterable[str]) -> str:
    return NAME_SEP.join(names)


# short_type_word's short forms of the words above, marked for the extractor (they are computed from the long ones)
_TYPE_SHORT = (tr_noop("High-High"), tr_noop("Low-Low"), tr_noop("High-Low"), tr_noop("Low-High"),
               tr_noop("Hot spot, 99 %"), tr_noop("Hot spot, 95 %"), tr_noop("Hot spot, 90 %"),
               tr_noop("Cold spot, 90 %"), tr_noop("Cold spot, 95 %"), tr_noop("Cold spot, 99 %"))


def type_legend(method: str) -> tuple[tuple[str, str], ...]:
    """The statistic's region types, (code, words) in legend order."""
    return GSTAR_TYPE_WORDS if method == codes.GISTAR else MORAN_TYPE_WORDS


def region_noun_for_key(key_field: str) -> str:
    low = key_field.lower()
    for prefix, noun in sorted(_NOUNS, key=lambda x: -len(x[0])):
        if low.startswith(prefix):
            return noun
    return "regions"


def region_noun(meta: Mapping) -> str:
    """The regions' noun in the user's language (the record keeps the English one)."""
    return tr(meta.get("region_noun") or "regions")


def fmt_number(value: float) -> str:
    """1 -> '1.0', 1.25 -> '1.25' (1,25 in French): at least one decimal, at most two."""
    text = f"{float(value):.2f}".rstrip("0")
    return localise(text + "0" if text.endswith(".") else text)


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def sector_title(label: str) -> str:
    """The sector's name for a map title or a panel field: "Manufacturing" for "C : Manufacturing",
    "Information & communication" for "10 : Information & communication (J)". Nomis' code prefix and
    section letter are dropped; the words are kept (titles are never initials)."""
    core = re.sub(r"^\s*[A-Za-z0-9]{1,3}\s*:\s*", "", label.strip())
    core = re.sub(r"\s*\([^)]*\)\s*$", "", core).strip()
    return core or label.strip()


def short_name(label: str) -> str:
    """A short sector name for labels: "Manufacturing" for "C : Manufacturing",
    initials for long names (High Value Manufacturing -> HVM, "10 : Information &
    communication (J)" -> I&C). Nomis' code prefixes and section letters are dropped."""
    core = sector_title(label)
    words = [w for w in re.split(r"[\s_]+", core) if w]
    if len(core) <= 14 or len(words) < 2:
        return core
    stop = {"and", "of", "the", "for", "in", "on", "to"}
    parts = []
    for w in words:
        if w in {"&", "+"}:
            parts.append("&")
        elif w.isdigit():
            parts.append(w)
        elif w.lower() not in stop and w[0].isalnum():
            parts.append(w[0].upper())
    return "".join(parts) or core


def member_lines(names: Iterable[str]) -> str:
    """Region names one per line, for tooltips and expanded lists (a name may hold commas, never a line break)."""
    return "\n".join(names)


# ------------------------------------------------------------------------------------------ baselines
_BASELINE_ALIASES = {
    "location_quotient": codes.LQ, "locationquotient": codes.LQ, "zscore": codes.ZSCORE, "z-score": codes.ZSCORE,
    "z_score": codes.ZSCORE, "pct": codes.PERCENTILE, "percentile_rank": codes.PERCENTILE,
    "reference": codes.NATIONAL,
}


def baseline_code(meta: Mapping) -> str:
    """The baseline code of a layer's record, also from older records (an integer index, a label, an alias).

    A record without a baseline (a statistics or profile layer, or one written before the key existed) was
    analysed with the default baseline, so that is its code. A baseline this version does not know raises a
    SettingsError (code ``unknown_baseline``) instead of being read as the mean: legends and subtitles would
    otherwise describe a comparison that was never made.
    """
    value = meta.get("baseline")
    if value is None or isinstance(value, str) and not value.strip():
        return options.BASELINES.default
    if isinstance(value, str):
        value = _BASELINE_ALIASES.get(value.strip().lower(), value)
    return options.BASELINES.code_of(value)


def _percentile(meta: Mapping) -> int:
    p = meta.get("percentile")
    if p is None:
        t = float(meta.get("threshold", 75) or 75)
        p = t if t > 1 else 75
    p = float(p)
    return round(p * 100 if p <= 1 else p)


def index_info(meta: Mapping) -> dict:
    """How the index is named and what it is compared with, for legends and subtitles."""
    code = baseline_code(meta)
    threshold = float(meta.get("threshold", 1.0) if meta.get("threshold") is not None else 1.0)
    ref_name = meta.get("reference_name") or tr("the reference")
    label = meta.get("baseline_label")
    if code in (codes.MEAN, codes.MEDIAN):
        default = tr(options.BASELINES.choice(code).words)  # "mean of regions", "median of regions"
        # the record keeps the registry's English words; only a label the user wrote differs from them and is kept
        own = label if label and label not in (options.BASELINES.choice(c).words for c in (codes.MEAN, codes.MEDIAN)) \
            else ""
        reference = tr("the {0}").format(own or default)
        index = tr("ratio")
    elif code == codes.NATIONAL:
        reference = tr("{0} average").format(ref_name)
        index = tr("ratio")
    elif code == codes.LQ:
        reference = tr("{0} average").format(ref_name)
        index = tr("LQ")
    elif code == codes.ZSCORE:
        reference = tr("the mean of regions")
        index = "z"
    elif code == codes.PERCENTILE:
        reference = tr("the {0} percentile").format(ordinal(_percentile(meta)))
        index = tr("ratio")
        threshold = 1.0 if threshold > 1 else threshold
    elif code == codes.STARS:
        reference = tr("strength stars")
        index = tr("stars")
    else:
        reference = label or tr("the baseline")
        index = tr("index")
    return {"code": code, "threshold": threshold, "reference": reference, "index": index,
            "baseline_label": label or reference}


def _percent(value: float) -> str:
    """25.0 -> '25', 12.5 -> '12.5'."""
    return f"{round(abs(value) * 100, 2):g}"


def _lq_reference(meta: Mapping) -> str:
    """What a location quotient compares with: the table's reference row, else all regions together."""
    return meta.get("reference_name") or tr("all regions together")


def lq_labels(meta: Mapping) -> tuple[str, str]:
    """What the location quotient test means: 'Location quotient above 1.25 — at least 25 % more
    concentrated than England' (the LQ is the sector's share of a region's jobs over its share nationally)."""
    t = index_info(meta)["threshold"]
    ref = _lq_reference(meta)
    lq = fmt_number(t)
    if t > 1:
        meaning = tr("at least {0} % more concentrated than {1}").format(_percent(t - 1), ref)
    elif t == 1:
        meaning = tr("more concentrated than {0}").format(ref)
    else:
        meaning = tr("at most {0} % less concentrated than {1}").format(_percent(1 - t), ref)
    below = tr("Location quotient {0} or below").format(lq)
    if t == 1:
        below += " — " + tr("not more concentrated than {0}").format(ref)
    return tr("Location quotient above {0}").format(lq) + " — " + meaning, below


def class_labels(meta: Mapping) -> tuple[str, str, str]:
    """Legend labels (above, at-or-below, no data) in words that say what was tested.

    A ratio at threshold 1 reads "Above the mean of regions (ratio > 1.0)"; any other threshold says how far
    above ("More than 1.25 × the mean of regions"), never just "above average".
    """
    info = index_info(meta)
    t = fmt_number(info["threshold"])
    if info["code"] == codes.ZSCORE:
        return (tr("z ≥ {0}").format(t), tr("z < {0}").format(t), tr("No data"))
    if info["code"] == codes.PERCENTILE:
        p = _percentile(meta)
        return (
            tr("In the top {0} % (≥ {1} percentile)").format(100 - p, ordinal(p)),
            tr("Below the {0} percentile").format(ordinal(p)),
            tr("No data"),
        )
    if info["code"] == codes.STARS:
        k = int(info["threshold"])
        return (tr("At least {0} ({1})").format(stars_count_words(k), STAR * k),
                tr("Fewer than {0}").format(stars_count_words(k)) if k > 1 else tr("No star"), tr("No data"))
    if info["code"] == codes.LQ:
        return (*lq_labels(meta), tr("No data"))
    ref, idx = info["reference"], info["index"]
    if info["threshold"] == 1:
        return (
            tr("Above {0} ({1} > {2})").format(ref, idx, t),
            tr("At or below {0} ({1} ≤ {2})").format(ref, idx, t),
            tr("No data"),
        )
    return (
        tr("More than {0} × {1} ({2} > {0})").format(t, ref, idx),
        tr("At most {0} × {1} ({2} ≤ {0})").format(t, ref, idx),
        tr("No data"),
    )


def tested_phrase(meta: Mapping) -> str:
    """What a region had to pass, to end a sentence: 'location quotient above 1.25'."""
    if meta.get("analysis") == "localstatistics":
        return tr("significant")
    info = index_info(meta)
    t = fmt_number(info["threshold"])
    code = info["code"]
    if code == codes.LQ:
        return tr("location quotient above {0}").format(t)
    if code == codes.ZSCORE:
        return tr("a z-score of at least {0}").format(t)
    if code == codes.PERCENTILE:
        return tr("scores in the top {0} %").format(100 - _percentile(meta))
    if code == codes.STARS:
        k = int(info["threshold"])
        return tr("at least {0} ({1})").format(stars_count_words(k), STAR * k)
    if code in (codes.MEAN, codes.MEDIAN, codes.NATIONAL):
        if info["threshold"] == 1:
            return tr("scores above {0}").format(info["reference"])
        return tr("scores more than {0} × {1}").format(t, info["reference"])
    return tr("scores above the baseline")


def cluster_note(meta: Mapping, n_clusters: int, noun: str) -> str:
    """The subtitle's second line: how many clusters and what their regions passed."""
    if n_clusters == 0:
        return tr("No multi-region clusters")
    if meta.get("analysis") == "localstatistics":
        if n_clusters == 1:
            return tr("1 multi-region cluster of significant {0}").format(noun)
        return tr("{0} multi-region clusters of significant {1}").format(n_clusters, noun)
    phrase = tested_phrase(meta)
    if n_clusters == 1:
        return tr("1 multi-region cluster: neighbouring {0} with {1}").format(noun, phrase)
    return tr("{0} multi-region clusters: neighbouring {1} with {2}").format(n_clusters, noun, phrase)


def class_breaks(meta: Mapping) -> list[float]:
    """Upper bounds of the graduated classes; the threshold is always one of them."""
    info = index_info(meta)
    t = info["threshold"]
    base = [-1.0, 0.0, 1.0, 2.0] if info["code"] == "z" else [0.5, 0.8, 1.0, 1.25, 2.0]
    return sorted(set(base) | {t})


def band_labels(meta: Mapping, breaks: list[float]) -> list[tuple[float, float, str]]:
    """(lower, upper, words) per class; open ends use a wide sentinel range."""
    info = index_info(meta)
    t = info["threshold"]
    idx = info["index"]
    lo_sentinel, hi_sentinel = -1e12, 1e12
    edges = [lo_sentinel] + breaks + [hi_sentinel]
    n_below = sum(1 for b in breaks if b <= t)
    words_below = [tr("Far below"), tr("Well below"), tr("Below"), tr("Just below")][-n_below:] if n_below else []
    while len(words_below) < n_below:
        words_below.insert(0, tr("Far below"))
    n_above = len(edges) - 1 - n_below
    words_above = [tr("Just above"), tr("Above"), tr("Well above"), tr("Far above")][:n_above]
    while len(words_above) < n_above:
        words_above.append(tr("Far above"))
    words = words_below + words_above
    out = []
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        if lo == lo_sentinel:
            rng = tr("{0} ≤ {1}").format(idx, fmt_number(hi))
        elif hi == hi_sentinel:
            rng = tr("{0} > {1}").format(idx, fmt_number(lo))
        else:
            rng = tr("{0} {1} – {2}").format(idx, fmt_number(lo), fmt_number(hi))
        out.append((lo, hi, f"{words[i]} ({rng})"))
    return out


def describe(method: str, threshold: float, reference_name: str | None = None) -> str:
    """The test in a few words, for the panel and logs, e.g. 'LQ > 1.25'."""
    t = number_g(threshold)
    if method == codes.MEAN:
        return tr("ratio to the mean of regions > {0}").format(t)
    if method == codes.MEDIAN:
        return tr("ratio to the median of regions > {0}").format(t)
    if method == codes.NATIONAL:
        return tr("ratio to the {0} value > {1}").format(reference_name or tr("national"), t)
    if method == codes.LQ:
        return tr("LQ > {0}").format(t)
    if method == codes.ZSCORE:
        return tr("z ≥ {0}").format(t)
    if method == codes.STARS:
        return tr("strength stars ≥ {0}").format(t)
    return tr("in the top {0} % (≥ {1}th percentile)").format(number_g(100 - threshold), t)


def describe_method(meta: Mapping) -> str:
    """One line for subtitles: which baseline and threshold (or which statistic) were used."""
    if meta.get("analysis") == "localstatistics":
        return tr("{0}, {1} permutations, {2}, significance level {3}").format(
            meta.get("method_label") or meta.get("method"), meta.get("permutations"),
            meta.get("correction_label") or meta.get("correction"), fmt_number(meta.get("alpha", 0.05)))
    info = index_info(meta)
    t = fmt_number(info["threshold"])
    if info["code"] == codes.ZSCORE:
        return tr("z-score against the mean of regions, threshold z ≥ {0}").format(t)
    if info["code"] == codes.PERCENTILE:
        return tr("compared with the {0} percentile").format(ordinal(_percentile(meta)))
    if info["code"] == codes.STARS:
        return tr("Strength stars ≥ {0} (European Cluster Observatory)").format(int(info["threshold"]))
    if info["code"] == codes.LQ:
        return tr("Location quotient against {0}, threshold {1}").format(_lq_reference(meta), t)
    text = tr("{0} to {1}, threshold {2}").format(info["index"], info["reference"], t)
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------------------------------ strength stars
STAR = "★"  # U+2605, in DejaVu Sans (the layout font)


def stars_count_words(k: int) -> str:
    """'1 star', '2 stars'."""
    return tr("1 star") if int(k) == 1 else tr("{0} stars").format(int(k))


def stars_legend() -> list[tuple[int, str]]:
    """(criteria code, words) for every combination, most stars first: (3, '★★ size and specialisation')….

    The code is core.stars' bits (size 1, specialisation 2, focus 4); the words are core.stars.criteria_words,
    each translated as one phrase.
    """
    from ..core.stars import legend  # numpy: only when a stars layer is styled

    return [(code, tr(text)) for code, text in legend()]


def stars_count_legend() -> list[tuple[int, str]]:
    """(number of stars, words), most first: (3, '★★★ 3 stars') … (0, 'No star')."""
    return [(k, f"{STAR * k} {stars_count_words(k)}") for k in (3, 2, 1)] + [(0, tr("No star"))]


def stars_summary(label: str, stars, n_top: int, n: int) -> str:
    """The log's line for one sector: regions per number of stars and what 'top 10 %' meant here."""
    counts = {k: 0 for k in (3, 2, 1, 0)}
    for v in stars:
        if v == v:  # not NaN
            counts[int(v)] += 1
    per = ", ".join([f"{STAR * k} {counts[k]}" for k in (3, 2, 1)] + [tr("no star {0}").format(counts[0])])
    return tr("{0}: strength stars {1} (top 10 % = the top {2} of {3} regions with data, ties included)").format(
        label, per, n_top, n)


# ------------------------------------------------------------------------------------------ overlay
def crossing_line(label: str, cluster_id: int, n_crossed: int, shares: str, layer: str, n_outside: int = 0) -> str:
    """'HVM, cluster 1: crosses 3 units of Pan-regional partnerships: Midlands Engine 61.2 %; …' for the log."""
    if n_crossed == 0:
        text = tr("{0}, cluster {1}: in no unit of {2}").format(label, cluster_id, layer)
    elif n_crossed == 1:
        text = tr("{0}, cluster {1}: within one unit of {2}: {3}").format(label, cluster_id, layer, shares)
    else:
        text = tr("{0}, cluster {1}: crosses {2} units of {3}: {4}").format(label, cluster_id, n_crossed, layer,
                                                                           shares)
    if n_outside:
        text += tr(" ({0} member region(s) in no unit)").format(n_outside)
    return text


def crossing_legend(layer: str) -> str:
    """The legend entry of clusters that cross a boundary of the overlay."""
    return tr("Cluster crossing 2+ {0}").format(layer) if layer else tr("Cluster crossing overlay boundaries")


# ------------------------------------------------------------------------------------------ statistics
def short_type_word(method: str, code: str) -> str:
    """A region type in a few words: 'Hot spot, 95 %' for hot95, 'High-High' for HH."""
    for value, text in type_legend(method):
        if value == code:
            return tr(text.split(" (")[0].replace(" confidence", ""))  # the short forms are in _TYPE_SHORT
    return code


def type_counts_by_code(method: str, counts: Mapping[str, int]) -> str:
    """'HH 3, LL 2, ns 33': the counts per region type in legend order, by code (for logs)."""
    return ", ".join(f"{t} {counts[t]}" for t, _w in type_legend(method) if counts.get(t))


def p_text(p: float) -> str:
    """0.001 -> '0.001', 0.04521 -> '0.045', 0.0001 -> '0.0001': three decimals, more only below 0.001."""
    return localise(f"{p:.3f}" if p >= 0.001 else f"{p:.2g}")


def global_moran_text(record: Mapping | None) -> str:
    """"Moran's I = 0.45 (p = 0.001)" from a record's ``global_moran[field]``; '' when there is none."""
    if not record or record.get("I") is None:
        return ""
    text = tr("Moran's I = {0}").format(localise(f"{record['I']:.2f}"))
    return text + (tr(" (p = {0})").format(p_text(record["p_sim"])) if record.get("p_sim") is not None else "")


def global_moran_note(meta: Mapping, field: str | None) -> str:
    """"Moran's I = 0.45 (p = 0.001)" for ``field`` of a statistics layer's record (the subtitle's 2nd line), or ''."""
    if not field or meta.get("analysis") != "localstatistics":
        return ""
    return global_moran_text((meta.get("global_moran") or {}).get(field))


def global_moran_line(label: str, record: Mapping) -> str:
    """The log's line for one sector: I, E[I], z (under randomisation, then normality) and the pseudo p."""
    if record.get("I") is None:
        return tr("Global Moran's I, {0}: not computed ({1})").format(label, record.get("note") or tr("no value"))

    def num(key: str, spec: str = ".3f") -> str:
        v = record.get(key)
        return tr("undefined") if v is None else format(v, spec)

    return tr("Global Moran's I, {0}: I = {1}, E[I] = {2}, z = {3} (randomisation; {4} under normality), "
              "pseudo p = {5} ({6} permutations), {7} regions{8}").format(
        label, num("I"), num("expected"), num("z_rand", ".2f"), num("z_norm", ".2f"),
        p_text(record["p_sim"]) if record.get("p_sim") is not None else tr("undefined"), record.get("permutations"),
        record.get("n"), tr(", {0} without a neighbour").format(record["n_isolated"]) if record.get("n_isolated")
        else "")
def type_counts_in_words(method: str, counts: Mapping[str, int]) -> str:
    """'Hot spot, 95 %: 3; Not significant: 35': the counts per region type in words, for people (the words
    hold commas, so the entries are separated by semicolons)."""
    return "; ".join(f"{short_type_word(method, t)}: {counts[t]}" for t, _w in type_legend(method) if counts.get(t))


def statistics_settings_text(settings: Mapping, seed_note: str = "") -> str:
    """The log's line on a statistics run; ``settings``: the analysis' settings (method, permutations, seed,
    correction, alpha)."""
    return tr("{}, {} permutations, seed {}{}, {}, significance level {}").format(
        tr(STATISTIC_LABELS[settings["method"]]), settings["permutations"], settings["seed"], seed_note,
        tr(CORRECTION_LABELS[settings["correction"]]), number_g(settings["alpha"]))


def statistics_summary(settings: Mapping, counts: Mapping[str, int], n_clusters: int) -> str:
    """The panel's one-paragraph result of a local statistic for the shown sector; ``settings``: the analysis'
    settings (method, permutations, correction, alpha, seed), ``counts`` the regions per type."""
    method = settings["method"]
    what = tr("High-High") if method == codes.MORAN else tr("hot-spot")
    return tr("{}: {}. {} significant {} clusters ({} permutations, {}, significance level {}, seed {}).").format(
        tr(STATISTIC_LABELS[method]), type_counts_in_words(method, counts), n_clusters, what,
        settings["permutations"], tr(CORRECTION_LABELS[settings["correction"]]), number_g(settings["alpha"]),
        settings["seed"])


# ------------------------------------------------------------------------------------------ timeline
TIMELINE_TITLE = tr_noop("Cluster dynamics over time")
# Legend words of the trajectory classes (core.trajectory.CLASSES), in legend order.
TRAJECTORY_WORDS = (
    ("persistent", tr_noop("Persistent: above in every period")),
    ("emerging", tr_noop("Emerging: below at the start, above at the end")),
    ("fading", tr_noop("Fading: above at the start, below at the end")),
    ("intermittent", tr_noop("Intermittent: above in some periods")),
    ("never", tr_noop("Never above")),
    ("no data", tr_noop("No data (fewer than two periods)")),
)


def timeline_column_alias(label: str, what: str, period: int | None = None) -> str:
    """Aliases of the timeline's region columns: '<label> (trajectory)', '(years above)', '(above, 2018)'."""
    if what == "traj":
        return tr("{} (trajectory)").format(label)
    if what == "years":
        return tr("{} (years above)").format(label)
    return tr("{} (above, {})").format(label, period)


def period_span(periods) -> str:
    """'2015–2020' (or the one period)."""
    periods = list(periods)
    if not periods:
        return ""
    return str(periods[0]) if len(periods) == 1 else f"{periods[0]}–{periods[-1]}"


def distance_text(metres: float) -> str:
    return tr("{} km").format(number_g(metres / 1000)) if metres >= 1000 else tr("{} m").format(number_g(metres))


def timeline_settings(settings: Mapping, sources: Mapping) -> list[tuple[str, str]]:
    """The settings table of the timeline report, in words."""
    method = options.BASELINES.code_of(settings.get("baseline", options.BASELINES.default))
    rule = options.NEIGHBOURS.code_of(settings.get("neighbours", options.NEIGHBOURS.default))
    return [
        (tr("Baseline"), tr(options.BASELINES.choice(method).words)),
        (tr("Test"), describe(method, float(settings.get("threshold", 1.0)))),
        (tr("Neighbours"), tr(options.NEIGHBOURS.choice(rule).words)),
        (tr("Gap tolerance"), distance_text(float(settings.get("gap_tolerance", 0.0)))),
        (tr("Minimum regions in a cluster"), str(settings.get("min_regions", 2))),
        (tr("Tables"), NAME_SEP.join(f"{p}: {s}" for p, s in sources.items())),
    ]


def timeline_sector_line(label: str, n_tracks: int, n_ended: int, counts: Mapping[str, int]) -> str:
    """'C : Manufacturing: 2 tracks (1 ended); persistent 12, emerging 1, …' for the log."""
    shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
    return tr("{}: {} track(s) ({} ended); regions: {}").format(label, n_tracks, n_ended, shown or "—")


def timeline_track_line(track: int, steps) -> str:
    """'track 1: 2015 new (14), 2016 shrunk (13), …' for the log."""
    return tr("track {}: {}").format(track, ", ".join(f"{p} {change} ({n})" for p, change, n in steps))


def small_multiples_title(label: str, periods) -> str:
    return tr("{}: clusters {}").format(label, period_span(periods))


def trajectory_title(label: str, periods) -> str:
    return tr("{}: trajectories {}").format(label, period_span(periods))


def small_multiples_subtitle(noun: str, meta: Mapping) -> str:
    return tr("{0} above the baseline in each period and their multi-region clusters; the same number marks the "
              "same cluster (its track) in every period.\n{1}").format(noun[:1].upper() + noun[1:],
                                                                     describe_method(meta))


def trajectory_subtitle(noun: str, meta: Mapping, last: int) -> str:
    return tr("Each of the {0}: above the baseline in which periods, and which path that makes. Outlined: the "
              "multi-region clusters of {1}.\n{2}").format(noun, last, describe_method(meta))
# ------------------------------------------------------------------------------------------ the panel
def rule_summary(n_above: int, n_with_data: int, n_clusters: int, meta: Mapping) -> str:
    """'17 of 38 LEPs have location quotient above 1.25; they form 1 multi-region cluster.'"""
    noun = region_noun(meta)
    phrase = tested_phrase(meta)
    if n_clusters == 0:
        tail = tr("no two of them are neighbours forming a multi-region cluster")
    elif n_clusters == 1:
        tail = tr("they form 1 multi-region cluster")
    else:
        tail = tr("they form {0} multi-region clusters").format(n_clusters)
    return tr("{0} of {1} {2} have {3}; {4}.").format(n_above, n_with_data, noun, phrase, tail)


def one_cluster_warning(largest: int, n_with_data: int, meta: Mapping) -> str:
    """Said when one cluster holds more than half of the regions with data: the threshold separates nothing."""
    return tr("One cluster holds {0} of the {1} {2} with data, so at this threshold most of the map is one "
              "cluster. A higher threshold picks out the strongest places: see the threshold guide below.").format(
        largest, n_with_data, region_noun(meta))


def no_significant_hint(method: str, correction: str, n_regions: int, alpha: float, variable: str) -> str:
    """Why a local statistic found nothing, and what to try, when no region is significant."""
    tested = tr("{0} tested {1} in {2} regions.").format(tr(STATISTIC_LABELS[method]), variable, n_regions)
    if correction == codes.NO_CORRECTION:
        return tested + " " + tr(
            "No region is significant at the significance level {0}: the values of neighbouring regions are "
            "no more alike than chance would make them.").format(number_g(alpha))
    name = tr(CORRECTION_LABELS[correction])
    return tested + " " + tr(
        "No region is significant after the {0} correction with {1} regions (significance level {2}). "
        "With this few regions the correction is strict: try Correction None (and read the result as "
        "exploratory), a significance level of 0.1, or more permutations.").format(name, n_regions, number_g(alpha))


def counts_hint(label: str, statistic: bool) -> str:
    """Said when the tested scores are counts, where shares, rates or location quotients may be meant."""
    if statistic:
        return tr("The scores of {0} are counts, so large regions stand out whatever their specialisation. "
                  "For specialisation, use Method 'Above the baseline' with Baseline 'Location quotient', "
                  "or a table of rates.").format(label)
    return tr("The scores of {0} are counts, so large regions come out above the baseline whatever their "
              "specialisation. For specialisation, choose Baseline 'Location quotient'.").format(label)


def threshold_heading(meta: Mapping) -> str:
    """The threshold column's heading in the threshold guide: 'LQ >', 'Ratio >', 'z ≥'."""
    code = index_info(meta)["code"]
    if code == codes.LQ:
        return tr("LQ >")
    if code == codes.ZSCORE:
        return tr("z ≥")
    if code == codes.PERCENTILE:
        return tr("Top pct.")
    if code == codes.STARS:
        return tr("Stars ≥")
    return tr("Ratio >")


def guide_threshold_text(meta: Mapping, value: float) -> str:
    """A threshold in the threshold guide: whole stars for strength stars ('2 ★'), else the number ('1.25')."""
    if meta and index_info(meta)["code"] == codes.STARS:
        return f"{int(round(float(value)))} {STAR}"
    return fmt_number(value)


def stale_layers_note() -> str:
    return tr("The map layers show earlier settings: click Create layers to update them.")


def stale_timeline_note() -> str:
    return tr("The timeline layers show earlier settings: click Create timeline layers to update them.")


def not_polygons_note(names: Iterable[str]) -> str:
    """Why a loaded layer is not offered as the regions layer."""
    shown = NAME_SEP.join(names)
    return tr("Not offered: {0} (the regions layer must hold polygons).").format(shown)


def row_filter_hint(columns: Iterable[str]) -> str:
    return tr("The table has a row per {0}: pick one of each below, or each region appears more than once.").format(
        tr(" and per ").join(columns))


# ------------------------------------------------------------------------------------------ the panel's periods
def periods_need_tables(n: int) -> str:
    """Said instead of running a timeline on fewer than two tables."""
    if n == 0:
        return tr("Add the tables, one per period (at least two).")
    return tr("Add at least one more table: a timeline compares two periods or more.")


def periods_need_table() -> str:
    return tr("Choose the scores table (2. Scores): its period column gives the periods.")


def periods_need_column() -> str:
    return tr("Pick the table's period column (e.g. year).")


def period_list(periods, analysed=None) -> str:
    """'2015–2020' when ``periods`` are consecutive among ``analysed`` (all periods), else '2016, 2018, 2019'."""
    periods = sorted(periods)
    order = sorted(analysed) if analysed else periods
    if len(periods) > 1 and all(p in order for p in periods):
        i = order.index(periods[0])
        if order[i:i + len(periods)] == periods:
            return period_span(periods)
    return ", ".join(map(str, periods))


def period_file_line(period: int | None, name: str) -> str:
    """A listed table: '2016 — BRES 2016.csv', or '? — scores.csv' while its period is unknown."""
    return f"{period if period is not None else '?'} — {name}"


def timeline_panel_summary(periods, label: str, n_tracks: int, n_ended: int) -> str:
    """'6 periods (2015–2020). C : Manufacturing: 2 tracks, 1 ended.'"""
    tracks = tr("1 track") if n_tracks == 1 else tr("{0} tracks").format(n_tracks)
    return tr("{0} periods ({1}). {2}: {3}, {4} ended.").format(len(periods), period_span(periods), label, tracks,
                                                               n_ended)


def sector_not_in_periods(label: str) -> str:
    return tr("{0} is not in every period's table (or could not be analysed in any): no tracks to show.").format(
        label)


def retired_layout_note(name: str, sectors: Iterable[str]) -> str:
    """A layout made for an earlier table, removed when the layers were written again without its sectors."""
    return tr("The layout “{0}” was made for an earlier table: the new layers do not hold {1}, so it was removed "
              "(Open layout makes the new table's).").format(name, join_names(sectors) or tr("its sectors"))


# ------------------------------------------------------------------ why a panel button is greyed out
def writing_layers_note() -> str:
    return tr("Create layers: the layers are being written.")


def create_needs_note(layer: bool, key: bool, matched: bool, busy: bool) -> str:
    """Why Create layers cannot be pressed yet: the first thing missing."""
    if not layer:
        return tr("Create layers needs a regions layer (1. Regions).")
    if not key:
        return tr("Create layers needs the regions layer's key field (1. Regions).")
    if not matched:
        return tr("Create layers needs a table matched to the regions (2. Scores).")
    if busy:
        return tr("Create layers waits for the results of the current settings.")
    return tr("Create layers needs results for the current settings (see 4. Results).")


def map_needs_layers_note(map_kind: str) -> str:
    """Why Open layout, Reset layout and Export… cannot be pressed: the layers of the chosen map are missing."""
    if map_kind == codes.TRAJECTORY_MAP:
        return tr("Open layout and Export… make the trajectory map (Map), which needs the timeline's layers: press "
                  "Create timeline layers, or choose Map: Sector map.")
    if map_kind == codes.SMALL_MULTIPLES:
        return tr("Open layout and Export… make the small multiples (Map), which need the timeline's layers: press "
                  "Create timeline layers, or choose Map: Sector map.")
    return tr("Open layout and Export… need the layers: press Create layers first.")


def timeline_needs_note(writing: bool, why: str, busy: bool) -> str:
    """Why Create timeline layers cannot be pressed."""
    if writing:
        return tr("Create timeline layers: the timeline's layers are being written.")
    if why:
        return tr("Create timeline layers: {0}").format(why)
    if busy:
        return tr("Create timeline layers waits for the periods' results.")
    return tr("Create timeline layers needs the periods' results (Periods over time).")


def match_missing(layer: bool, key: bool, table: bool) -> str:
    """What the panel still needs before it can match, naming only what is missing."""
    missing = [what for have, what in ((layer, tr("a regions layer")), (key, tr("its key field")),
                                       (table, tr("a table of scores (or drop one on the panel)"))) if not have]
    if not missing:
        return ""
    if len(missing) == 1:
        return tr("Choose {0}.").format(missing[0])
    return tr("Choose {0} and {1}.").format(", ".join(missing[:-1]), missing[-1])


def pick_rows_first(columns: Iterable[str]) -> str:
    """The match status of a table with a row per period or level, before its rows are picked."""
    return tr("Pick the rows above ({0}) to match the table to the regions.").format(", ".join(columns))


def cluster_details(cluster_id: int, names: Iterable[str], crossing_line: str = "") -> str:
    """The line under the panel's clusters table for the clicked cluster: every member's name, whole."""
    names = list(names)
    text = tr("Cluster {0} ({1} regions): {2}").format(cluster_id, len(names), join_names(names))
    return f"{text}\n{crossing_line}" if crossing_line else text


def rows_words(row_filter: str) -> str:
    """A row filter ('geographic_level=LEP|COUNTRY; year=2022') as a reader of a map reads it: 'rows where
    geographic_level is LEP or COUNTRY and year is 2022' ('' without one)."""
    parts = []
    for clause in re.split(r"[;\n]", row_filter or ""):
        column, sep, values = clause.partition("=")
        if not sep or not column.strip():
            continue
        shown = [v.strip() for v in values.split("|") if v.strip()]
        if shown:
            parts.append(tr("{0} is {1}").format(column.strip(), tr(" or ").join(shown)))
    return tr("rows where {0}").format(tr(" and ").join(parts)) if parts else ""


# ------------------------------------------------------------------------ points as the scores source
def points_match_line(n_points: int, n_regions: int, n_outside: int) -> str:
    """The panel's match line for points: '1,234 points counted into 38 regions; 12 outside'."""
    if n_outside:
        return tr("{0:,} points counted into {1:,} regions; {2:,} outside").format(n_points - n_outside, n_regions,
                                                                                  n_outside)
    return tr("{0:,} points counted into {1:,} regions").format(n_points, n_regions)


def points_missing(layer: bool, key: bool, points: bool) -> str:
    """What the panel still needs before it can count points, naming only what is missing."""
    missing = [what for have, what in ((layer, tr("a regions layer")), (key, tr("its key field")),
                                       (points, tr("a point layer"))) if not have]
    if not missing:
        return ""
    if len(missing) == 1:
        return tr("Choose {0}.").format(missing[0])
    return tr("Choose {0} and {1}.").format(", ".join(missing[:-1]), missing[-1])


def point_clusters_note(count: int, sector: str) -> str:
    """The line under Show point clusters: how many outlines the shown sector's points make."""
    if count == 0:
        return tr("No point clusters of {0} with this radius and weight.").format(sector)
    return tr("{0} point cluster(s) of {1} on the map (hover an outline with map tips on for the regions it "
              "spans).").format(count, sector)


def too_many_point_sectors(field_name: str, n: int, most: int) -> str:
    """The panel's words for a point layer's sector field of ids or names (more values than sectors can be)."""
    return tr("The sector field {0!r} holds {1:,} distinct values, more than {2} sectors: choose the field that "
              "gives each point's sector.").format(field_name, n, most)
