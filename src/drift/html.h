#pragma once

#include <string>

#include "drift/compare.h"

namespace mlops::drift {

// The drift report as one self-contained HTML5 page: inline CSS and inline SVG only (no
// scripts, no external resources, no URLs), readable in light and dark colour schemes and
// when printed. The colours that carry meaning (the verdict badge, the marks before each
// verdict, the two inputs' series) are SVG presentation attributes, so they hold where a
// Content-Security-Policy blocks the stylesheet, as Jenkins' default does; the page then loses
// only its layout niceties. It shows
//  - the verdict (DRIFT / NO DRIFT, a badge) with the weighted share of drifted columns against
//    drift_share, the preset, both inputs with their row counts and, when quantile sketches
//    were used, their normalised rank error (99% confidence);
//  - a table of columns: role, kind and type, method, statistic, p-value, threshold, verdict,
//    error bound (marked when the verdict is uncertain) and why the method was chosen;
//  - the notes;
//  - per column a figure: overlaid reference and current histograms for binned numeric
//    columns, paired horizontal bars per value otherwise (labels shortened, in full in the
//    bar's tooltip), or a line of text for columns with an error or no histogram.
// All text from the data is HTML-escaped. About 7.5 KB per column at the 60-bin maximum.
std::string to_html(const DatasetResult& result);

}  // namespace mlops::drift
