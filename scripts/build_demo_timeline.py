"""Build the illustrative multi-year demo scores: resources/demo/sector_scores_illustrative_<year>.csv, 2016–2020.

Why: `make demo` shows cluster dynamics over time (sectorclusters:clustertimeline), so it needs the same made-up
scores for several years. They are derived deterministically from `sector_scores_illustrative.csv` (the 2020
file is that file's values, unchanged), with the standard library only, so the script gives the same bytes on
every run and machine (`make demo-data` runs it; the tests check the committed files equal its output).

How each year is made:

* High Value Manufacturing follows a written story (with the demo's settings: mean of regions, ratio > 1.0,
  queen neighbours, 35 km gap tolerance). Each LEP's HVM score is its 2020 score where the story has it on the
  same side of the mean as in 2020; otherwise a fixed value well on the story's side (see ``high``/``low``):

  ==== ======================================================================== ===========================
  year above the mean                                                             clusters (35 km)
  ==== ======================================================================== ===========================
  2016 Coventry & Warwickshire, Oxfordshire | Sheffield City Region, Leeds City    two new clusters
       Region | Cumbria (alone)
  2017 + Leicester & Leicestershire | Sheffield, Leeds | Cumbria                  the first grows, the second
                                                                                  continues
  2018 + Greater Birmingham & Solihull (31.7 km from Sheffield City Region);     they merge (6 LEPs)
       Cumbria below
  2019 Leeds City Region drops below; Cumbria above again                        shrunk (5)
  2020 the 2020 scores: C&W, Oxfordshire, Leicester, GB&S, Sheffield              continuing (5)
  ==== ======================================================================== ===========================

  So on the trajectory map Coventry and Warwickshire, Oxfordshire and Sheffield City Region are persistent,
  Leicester and Leicestershire and Greater Birmingham and Solihull emerging, Leeds City Region fading and
  Cumbria (above in 2016, 2017 and 2019 only) intermittent.
* Every other sector: each 2020 score times a fixed factor between 0.96 and 1.04 taken from the MD5 of
  "<code>|<sector>|<year>" (so years differ a little and some regions near the mean change side); empty cells
  stay empty.

The numbers are illustrative, not statistics (see resources/demo/README.md).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "resources" / "demo"
SOURCE = DEMO / "sector_scores_illustrative.csv"
YEARS = (2016, 2017, 2018, 2019, 2020)
HVM = "High Value Manufacturing"

CW, OX, LEI, GBS = "E37000006", "E37000053", "E37000021", "E37000012"
SHEFFIELD, LEEDS, CUMBRIA = "E37000054", "E37000062", "E37000007"
#: The LEPs above the mean in High Value Manufacturing, per year (the story above).
HVM_ABOVE = {
    2016: {CW, OX, SHEFFIELD, LEEDS, CUMBRIA},
    2017: {CW, OX, LEI, SHEFFIELD, LEEDS, CUMBRIA},
    2018: {CW, OX, LEI, GBS, SHEFFIELD, LEEDS},
    2019: {CW, OX, LEI, GBS, SHEFFIELD, CUMBRIA},
    2020: {CW, OX, LEI, GBS, SHEFFIELD},
}
SPREAD = 0.04


def factor(code: str, sector: str, year: int) -> float:
    """A fixed factor in [1 - SPREAD, 1 + SPREAD] for one cell and year."""
    digest = hashlib.md5(f"{code}|{sector}|{year}".encode()).hexdigest()
    u = int(digest[:8], 16) / 0xFFFFFFFF  # 0..1
    return 1.0 - SPREAD + 2 * SPREAD * u


def high(code: str, year: int) -> float:
    """An HVM score clearly above the mean (which stays near 73): 138–158."""
    return round(138.0 + 20.0 * (factor(code, HVM, year) - (1 - SPREAD)) / (2 * SPREAD), 1)


def low(code: str, year: int) -> float:
    """An HVM score clearly below the mean: 56–66."""
    return round(56.0 + 10.0 * (factor(code, HVM, year) - (1 - SPREAD)) / (2 * SPREAD), 1)


def year_rows(header: list[str], rows: list[list[str]], year: int) -> list[list[str]]:
    if year == YEARS[-1]:
        return [list(r) for r in rows]
    hvm = header.index(HVM)
    out = []
    for row in rows:
        code = row[0]
        new = list(row)
        for j in range(2, len(header)):
            if not row[j].strip():
                continue
            value = float(row[j])
            if j == hvm:
                above_2020 = code in HVM_ABOVE[YEARS[-1]]
                above = code in HVM_ABOVE[year]
                if above != above_2020:
                    value = high(code, year) if above else low(code, year)
            else:
                value = round(value * factor(code, header[j], year), 1)
            new[j] = f"{value:.1f}"
        out.append(new)
    return out


def render(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def build() -> dict[Path, str]:
    """{path: text} of every yearly file."""
    with SOURCE.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [r for r in reader if r]
    return {DEMO / f"sector_scores_illustrative_{year}.csv": render(header, year_rows(header, rows, year))
            for year in YEARS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the committed files are up to date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in build().items():
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
