"""What the Processing dialog and the Model Designer show beside each parameter (``setHelp``, QGIS 3.16+), and
where each algorithm's section of the bundled help page is (``helpUrl``).

A parameter name means the same thing in every algorithm, so its help is written once; the few names that
mean something else in one algorithm have an entry under (algorithm, name). Every text is marked for the
extractor and translated where it is shown.
"""
from __future__ import annotations

from qgis.PyQt.QtCore import QUrl

from ..help_pages import help_page
from ..i18n import tr, tr_noop

PARAMETER_HELP = {
    "INPUT": tr_noop("The polygon layer of regions (it is never modified)."),
    "INPUT_KEY": tr_noop("The field that identifies each region: a code such as E37000001, or a name."),
    "KEY": tr_noop("The field that identifies each region; empty: the key that Join sector scores used."),
    "TABLE": tr_noop("A CSV, Excel or OpenDocument table of scores per region and sector."),
    "TABLES": tr_noop("One table per period; the period is the four-digit year in each file name, or give PERIODS."),
    "PERIODS": tr_noop("When the file names hold no year: the years in the order of the tables, or file=year."),
    "PERIOD_COLUMN": tr_noop("The column of the long table whose values are the periods (e.g. year)."),
    "TABLE_KEY": tr_noop("The table's column of region codes or names; empty: the column that matches best."),
    "ALIASES": tr_noop("Optional two-column table: a value as the table writes it, and the layer's key or name."),
    "TABLE_SHAPE": tr_noop("Long (key, sector, score rows), wide (a column per sector) or a Nomis/ONS export."),
    "SECTOR_COLUMN": tr_noop("Long tables: the column naming the sector."),
    "SCORE_COLUMN": tr_noop("Long tables: the column of scores."),
    "ROW_FILTER": tr_noop("Keep only the rows where a column has a value, e.g. year=2022; a|b allows either."),
    "SHEET": tr_noop("The workbook's sheet to read; empty: the first visible sheet holding a data table."),
    "KEEP_COLUMNS": tr_noop("Columns that look like identifiers but hold scores, joined as sectors all the same."),
    "FIELDS": tr_noop("The sector fields to analyse; empty: every sector field of the joined layer."),
    "SECTORS": tr_noop("The sectors to follow, by their labels; empty: every sector common to all periods."),
    "BASELINE": tr_noop("What a region's score is compared with (mean, median, national value, location "
                        "quotient, z-score, percentile or strength stars)."),
    "THRESHOLD": tr_noop("A region is above when its index passes this: a ratio, a z-score, a percentile or a "
                         "number of stars; empty: 1.0, or 75 for the percentile."),
    "NEIGHBOURS": tr_noop("Queen: regions touching at any point are neighbours; rook: only those sharing a "
                          "stretch of boundary."),
    "GAP_TOLERANCE": tr_noop("Regions separated by a gap (an estuary, a sliver) up to this many ground metres "
                             "count as neighbours."),
    "MIN_REGIONS": tr_noop("The smallest group of neighbouring regions that counts as a cluster."),
    "ALLOW_MISSING": tr_noop("A region without a row in a period's table is 'no data' in that period, never "
                             "'below'."),
    "OVERLAY": tr_noop("Optional official boundaries (ITL1 regions, combined authorities…): each cluster lists "
                       "the units it crosses."),
    "OVERLAY_NAME": tr_noop("The overlay's field that names its units; empty: a field called like a name."),
    "METHOD": tr_noop("Local Moran's I (High-High clusters and outliers) or Getis-Ord Gi* (hot and cold spots)."),
    "PERMUTATIONS": tr_noop("Random permutations per region; 999 is usual, 9,999 for more precise p-values."),
    "SEED": tr_noop("The permutations' random seed, to repeat a run exactly; empty: a new one, written to the "
                    "log."),
    "CORRECTION": tr_noop("Correction of the p-values for testing many regions at once."),
    "ALPHA": tr_noop("A region is significant when its (corrected) pseudo p-value is at most this."),
    "K": tr_noop("The number of contiguous groups to form (ignored when CHOOSE_K is set)."),
    "MIN_SIZE": tr_noop("The fewest regions a group may have."),
    "CHOOSE_K": tr_noop("Try every K from K_MIN to K_MAX and keep the one with the best pseudo-F."),
    "K_MIN": tr_noop("The smallest number of groups to try."),
    "K_MAX": tr_noop("The largest number of groups to try."),
    "PROFILE": tr_noop("Group by the scores as they are, or by each region's sector mix (shares of its total)."),
    "REGIONS": tr_noop("The regions layer an analysis wrote (Detect clusters, or Cluster dynamics over time)."),
    "CLUSTERS": tr_noop("The clusters layer the same analysis wrote (optional for the map)."),
    "FIELD": tr_noop("The sector to show: a field name or its label; empty: the first sector."),
    "SCHEME": tr_noop("Above / at or below the baseline in two colours, or the index in graduated bands."),
    "SHOW_MEMBERS": tr_noop("Write the member regions' names in each cluster's label."),
    "TITLE": tr_noop("The map's title; empty: the sector's name."),
    "SUBTITLE": tr_noop("The line under the title; empty: the method, the threshold and the source."),
    "ATTRIBUTION": tr_noop("The data statement at the foot of the page."),
    "PAGE_SIZE": tr_noop("A page size known to QGIS (A4, A3, Letter, Tabloid…)."),
    "ORIENTATION": tr_noop("Landscape or portrait."),
    "DPI": tr_noop("The resolution of the PNG and of images in the PDF and SVG (300 for print)."),
    "ATLAS": tr_noop("One page per sector instead of one sector's map."),
    "LAYOUT": tr_noop("The sector map, or for the timeline's outputs the small multiples or the trajectory map."),
    "OUTPUT": tr_noop("The regions with the joined scores, one field per sector."),
    "UNMATCHED": tr_noop("Every table row and region that did not match, with the closest candidates."),
    "OUTPUT_REGIONS": tr_noop("The regions with the analysis' fields, one set per sector."),
    "OUTPUT_CLUSTERS": tr_noop("One outline per multi-region cluster, with its members and area."),
    "OUTPUT_ENDED": tr_noop("The tracks no cluster of a later period continued."),
    "OUTPUT_GROUPS": tr_noop("One outline per group of regions, with its distinctive sectors."),
    "OUTPUT_REPORT": tr_noop("An HTML report that opens in any browser without a network."),
    "OUTPUT_COLOCATION_CSV": tr_noop("Pairs of sectors and how much their clusters overlap (Jaccard)."),
    "OUTPUT_REPORT_HTML": tr_noop("The co-location table as an HTML report."),
    "OUTPUT_PDF": tr_noop("Where to write the map as PDF (optional)."),
    "OUTPUT_PNG": tr_noop("Where to write the map as PNG (optional)."),
    "OUTPUT_SVG": tr_noop("Where to write the map as SVG (optional)."),
}
# names that mean something else in one algorithm
ALGORITHM_HELP = {
    ("detectclusters", "INPUT"): tr_noop("The regions with scores that Join sector scores wrote."),
    ("localstatistics", "INPUT"): tr_noop("The regions with scores that Join sector scores wrote."),
    ("profileregions", "INPUT"): tr_noop("The regions with scores that Join sector scores wrote."),
    ("clustertimeline", "TABLE"): tr_noop("Instead of TABLES: one long table holding every period, with "
                                          "PERIOD_COLUMN."),
    ("profileregions", "BASELINE"): tr_noop("The baseline of the sectors' clusters the co-location table "
                                            "compares."),
    ("profileregions", "THRESHOLD"): tr_noop("The threshold of those clusters; empty: 1.0, or 75 for the "
                                             "percentile."),
}


def parameter_help(algorithm: str, name: str) -> str:
    """The translated help of ``name`` in ``algorithm``; '' when none is written."""
    text = ALGORITHM_HELP.get((algorithm, name)) or PARAMETER_HELP.get(name)
    return tr(text) if text else ""


def help_url(algorithm: str) -> str:
    """A file URL to the algorithm's section of the bundled help page (its anchor is the algorithm's name)."""
    url = QUrl.fromLocalFile(str(help_page()))
    url.setFragment(algorithm)
    return url.toString()
