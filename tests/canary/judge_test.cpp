#include "canary/judge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

// Expected values, as each test says:
// - "R": R 4.2.2's wilcox.test(x, y, conf.int = TRUE, exact = FALSE, ...) printed with
//   options(digits = 17) (Debian's r-base-core 4.2.2.20221110-2), on the two-sample example of
//   R's ?wilcox.test (Hollander & Wolfe 1973, p. 69: x, y below).
// - "MannWhitneySuite", "ClassifierSuite", "StatisticSuite", "TransformSuite", "DetectorSuite":
//   Kayenta's own tests as vendored in spinnaker/spinnaker (kayenta/kayenta-mannwhitney/src/
//   test/scala/com/netflix/kayenta/mannwhitney/MannWhitneySuite.scala at 09ce5bf746,
//   kayenta/kayenta-judge/src/test/scala/com/netflix/kayenta/judge/ClassifierSuite.scala at
//   d2f41cb63b, StatisticSuite.scala and DetectorSuite.scala at 09ce5bf746, TransformSuite.scala
//   at 46a730d1ec), inputs and expectations copied; their R values are R's output as recorded
//   there (R 4.2.2 reproduces them). Kayenta's classifier tests use tolerance 0.10 and
//   confidence 0.95, which the ports keep.
// - "by hand": derived in the comment from the algorithm in judge.h, or enumerated in the test.
namespace mlops::canary {
namespace {

using V = std::vector<double>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// R's ?wilcox.test two-sample example.
constexpr double kHollanderX[] = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
constexpr double kHollanderY[] = {1.15, 0.88, 0.90, 0.74, 1.21};

// ClassifierSuite's samples of 30.
constexpr double kNear10[] = {
    9.7767343120109462, 10.587071850477695, 7.8375506388901766, 9.3243326886113884,
    8.3774505409784421, 8.9359264399606282, 8.2707663324728511, 9.7484308126716925,
    11.623746715547156, 9.2753442679633942, 8.1538047749171518, 10.562020975754294,
    13.498135575451835, 11.054419256110332, 6.9538903590055092, 12.521008342195479,
    9.0216358603546443, 4.9234856699531662, 11.251360203607172, 11.598449508040337,
    8.435232204668182,  11.110228516867279, 10.70063380164755,  8.9212773652115249,
    10.086167067942661, 11.42107515483087,  9.3792347813644952, 7.7980320148552593,
    10.62339807275746,  11.909642062063739};
constexpr double kNear10b[] = {
    11.1453586774086,   9.9618059885597017, 7.068574306369829,  7.3012661810483657,
    9.7944630265656727, 9.6037918603687302, 6.1867793350339388, 12.345599159550174,
    10.371891733859533, 8.6094300785016724, 9.913162673361084,  10.361375299003466,
    14.206800387518818, 10.946153754753301, 10.215876627044048, 11.739760899484603,
    10.907627468626439, 12.823353694464775, 8.1018609771732137, 8.4981616408804932,
    12.113441374697231, 13.272210809932028, 10.114579381663297, 6.9463958767978067,
    6.2105278541727778, 10.160401684903775, 8.3457712066455461, 8.383822063895833,
    7.0020205070083765, 10.755757401808442};
constexpr double kNear20[] = {
    20.878412601720026, 21.78550581191622,  19.70828084717019,  15.859946903461562,
    19.510058772176841, 19.392005525270303, 22.926528314912101, 17.156530276709894,
    18.655117916226171, 23.422607911610392, 24.055817684156644, 22.62689958516501,
    21.979472967817678, 21.659318607218694, 20.067707574072426, 22.119570836305414,
    16.44037132663307,  21.559622826341268, 21.000181443489218, 17.779369411412663,
    17.806006358943584, 18.537200618386109, 20.555550300210797, 19.552928184468378,
    21.771118944087092, 21.809622806176627, 20.961762909905271, 20.977571577503021,
    19.106303205498794, 16.976918966987078};
constexpr double kNear20b[] = {
    20.758113589510348, 22.802059629464559, 20.612340363492208, 20.973274654749986,
    23.469237330498622, 21.53133988954805,  21.767353687439805, 18.308050730374301,
    19.062145167827566, 25.879498436001779, 18.982629726336128, 19.387920182269266,
    18.995398251246982, 24.228420230932805, 20.050985172694688, 18.2340451091756,
    17.870515494460435, 23.058103863806618, 18.400259567501134, 16.971352091177167,
    19.467529066052151, 17.90465423342031,  17.553948617825831, 16.104611843907193,
    24.38171081433039,  15.919294339922635, 20.479409626304697, 19.08307201492406,
    17.455788050722866, 18.853826823235142};

// ClassifierSuite "High Metric (Large Input)" and MannWhitneySuite "Intermediate Values":
// sparse rates, mostly tied zeros.
constexpr double kSparseCanary[] = {0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.6666666666666572,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    3.703703703703681,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.5625000000000142,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    3.333333333333343,
                                    0.0,
                                    1.7543859649122737,
                                    0.0,
                                    1.8518518518518476,
                                    0.0,
                                    0.0,
                                    1.8518518518518476,
                                    0.0,
                                    0.0,
                                    1.5151515151515156,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.7857142857142776,
                                    1.3333333333333286,
                                    0.0,
                                    3.125000000000014,
                                    1.9607843137255117,
                                    1.4492753623188293,
                                    2.439024390243887,
                                    1.6393442622950687,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.6129032258064484,
                                    1.9607843137255117,
                                    1.5873015873015817,
                                    0.0,
                                    0.0,
                                    2.8169014084507182,
                                    0.0,
                                    0.0,
                                    3.0303030303030454,
                                    0.0,
                                    0.0,
                                    3.3898305084745743,
                                    0.0,
                                    0.0,
                                    1.234567901234584,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.7241379310344769,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.6949152542372872,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.470588235294116,
                                    0.0,
                                    0.0,
                                    1.3698630136986196,
                                    3.225806451612911,
                                    1.754385964912288,
                                    3.4482758620689538,
                                    0.0,
                                    3.333333333333343,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.818181818181813,
                                    0.0,
                                    0.0,
                                    1.4285714285714448,
                                    0.0,
                                    0.0,
                                    1.8867924528301927,
                                    2.0000000000000284,
                                    0.0,
                                    0.0,
                                    0.0,
                                    2.985074626865682,
                                    0.0,
                                    0.0,
                                    1.6666666666666714,
                                    0.0,
                                    0.0,
                                    1.5625,
                                    1.9230769230769198,
                                    0.0,
                                    1.8518518518518619,
                                    0.0,
                                    2.702702702702709,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.3513513513513544,
                                    0.0,
                                    1.818181818181813,
                                    0.0,
                                    1.6666666666666572,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.818181818181813,
                                    0.0,
                                    1.4285714285714164,
                                    0.0,
                                    0.0,
                                    4.1095890410959015,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.8518518518518619,
                                    0.0,
                                    0.0,
                                    1.8518518518518476,
                                    1.3888888888888857,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    1.8867924528301785,
                                    1.4285714285714164,
                                    0.0,
                                    0.0,
                                    1.5625,
                                    1.8867924528301927,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    2.040816326530603,
                                    1.818181818181813,
                                    0.0,
                                    0.0,
                                    1.6393442622950687,
                                    0.0,
                                    1.7241379310344769,
                                    1.5151515151515156,
                                    2.564102564102555,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    5.555555555555557,
                                    0.0,
                                    0.0,
                                    4.081632653061206,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    3.5714285714285836,
                                    0.0,
                                    2.040816326530603,
                                    3.1746031746031633,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0,
                                    0.0};
constexpr double kSparseBaseline[] = {0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.5625000000000142,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.3888888888888857,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.5384615384615614,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.492537313432834,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.6949152542373014,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.470588235294116,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.754385964912288,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.8518518518518619,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.6393442622950687,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.7241379310344769,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.5873015873015817,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.492537313432834,
                                      0.0,
                                      0.0,
                                      0.0,
                                      3.124999999999986,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.492537313432834,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      2.9850746268656536,
                                      0.0,
                                      2.5000000000000284,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      1.7857142857142776,
                                      0.0,
                                      0.0,
                                      0.0};

// MannWhitneySuite "Tie out with R Version": latencies on a 0.5 grid, heavily tied.
constexpr double kTieControl[] = {
    1.5, 6.0, 5.0,  2.5, 2.5, 2.0,  2.0, 3.5, 3.0, 3.0, 3.0, 2.0, 3.0, 8.0, 4.0, 2.5, 3.0, 2.5,
    2.5, 2.0, 2.5,  2.0, 2.0, 2.5,  3.5, 3.0, 1.5, 5.0, 2.5, 5.5, 2.0, 2.5, 3.5, 2.0, 2.5, 4.0,
    2.0, 2.0, 2.0,  2.0, 5.5, 4.5,  4.0, 3.0, 3.0, 3.5, 2.5, 3.0, 2.5, 4.0, 6.0, 2.0, 5.0, 6.0,
    3.5, 3.0, 54.5, 3.0, 5.0, 6.0,  3.5, 4.5, 2.5, 2.0, 6.0, 5.0, 2.5, 3.5, 2.0, 3.0, 2.5, 3.5,
    3.5, 2.5, 3.0,  4.5, 3.0, 15.5, 5.0, 2.5, 3.0, 4.0, 3.5, 4.0, 4.0, 2.0, 4.5, 2.5, 4.0, 3.0};
constexpr double kTieExperiment[] = {
    2.5, 2.5, 2.0, 2.5, 3.5, 2.0, 3.5, 1.5, 3.0, 3.0, 2.5, 3.5, 2.0, 2.5,  2.0, 2.0, 5.0, 3.0,
    2.0, 1.5, 2.0, 4.0, 3.0, 2.5, 3.0, 2.0, 2.0, 2.0, 2.5, 3.5, 1.5, 1.5,  3.5, 2.0, 2.5, 2.5,
    3.0, 3.5, 2.5, 6.5, 2.5, 4.0, 2.5, 3.0, 2.5, 6.5, 2.5, 3.0, 1.5, 2.0,  2.5, 3.0, 7.5, 1.5,
    2.0, 4.0, 2.5, 2.0, 2.5, 3.5, 4.0, 2.5, 3.0, 2.5, 2.0, 3.5, 3.0, 16.5, 3.0, 3.0, 7.0, 4.5,
    5.0, 2.0, 3.5, 6.0, 1.5, 3.0, 2.5, 4.0, 3.0, 1.5, 5.0, 3.0, 2.5, 5.5,  3.0, 1.5, 2.5, 6.0};
// MannWhitneySuite "Tie out with R Version (Large)".
constexpr double kTieLargeExperiment[] = {
    1.5, 2.0, 5.0, 1.5, 1.5, 8.5, 1.0, 1.0, 2.0, 1.0, 1.5, 0.5, 2.0, 1.5, 2.0, 1.5,  1.0, 2.5,
    1.5, 1.5, 2.0, 1.5, 1.5, 1.5, 2.0, 2.0, 1.0, 5.5, 1.5, 2.0, 1.5, 1.5, 1.0, 2.5,  1.0, 2.0,
    1.5, 1.5, 2.0, 2.0, 1.5, 1.5, 1.0, 1.0, 2.0, 0.5, 1.5, 0.5, 3.5, 1.5, 3.0, 19.0, 0.5, 1.5,
    0.5, 1.5, 2.0, 1.5, 1.5, 1.5, 1.5, 2.0, 1.5, 2.0, 2.0, 1.5, 1.0, 1.5, 1.0, 2.0,  1.0, 2.0,
    1.5, 1.5, 3.0, 2.0, 1.5, 1.5, 0.5, 2.0, 1.5, 1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 2.0,  1.5, 1.0,
    1.0, 2.0, 1.5, 1.5, 1.5, 0.5, 1.5, 1.5, 0.5, 1.0, 1.5, 1.5, 1.5, 1.0, 2.0, 2.0,  2.0, 1.5,
    1.0, 1.5, 1.0, 1.0, 1.5, 3.5, 2.0, 1.5, 1.0, 2.0, 1.5, 5.5, 0.5, 2.0, 3.5, 1.5,  1.0, 2.0,
    0.5, 2.5, 1.0, 1.5, 0.5, 2.0, 2.0, 1.0, 0.5, 1.5, 1.0, 1.5, 0.5, 0.5, 1.0, 1.5,  1.0, 1.5,
    0.5, 1.5, 1.0, 1.0, 0.5, 1.0, 0.5, 4.0, 1.0, 1.5, 2.0, 5.5, 1.5, 0.5, 2.0, 1.0,  1.5, 1.0,
    1.5, 1.5, 1.0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2.0, 0.5, 1.5, 1.0, 2.0, 1.0, 1.0,  0.5, 1.0};
constexpr double kTieLargeControl[] = {
    1.5, 1.5, 1.0, 2.0, 1.5, 1.5, 1.5, 2.0, 1.0, 1.0, 2.0, 1.5, 1.5, 1.0, 1.5, 1.5, 1.5, 1.5,
    1.5, 2.0, 1.0, 1.5, 3.0, 2.0, 1.0, 1.5, 1.5, 1.5, 2.0, 1.5, 1.0, 1.0, 1.5, 2.5, 2.0, 0.0,
    1.0, 2.0, 2.0, 1.5, 3.0, 2.0, 1.0, 2.5, 0.5, 1.5, 0.5, 2.5, 2.0, 1.5, 1.5, 2.0, 1.0, 4.5,
    2.5, 0.5, 2.5, 1.5, 1.5, 1.0, 2.0, 1.0, 2.5, 1.5, 2.0, 1.5, 3.0, 1.5, 1.5, 1.5, 1.5, 2.0,
    1.0, 2.5, 1.0, 1.5, 2.5, 1.5, 2.5, 2.0, 1.5, 1.5, 1.5, 2.5, 1.0, 7.5, 1.5, 3.0, 5.5, 1.0,
    1.5, 2.0, 1.0, 1.5, 2.5, 2.5, 1.0, 1.0, 2.5, 1.5, 1.5, 3.0, 4.0, 1.0, 1.5, 2.0, 1.5, 1.5,
    1.5, 2.5, 1.5, 3.5, 2.5, 1.5, 2.0, 1.0, 4.0, 1.5, 1.0, 1.5, 2.5, 2.5, 2.0, 2.5, 1.5, 1.5,
    2.0, 1.0, 1.5, 2.0, 1.5, 1.0, 2.5, 1.5, 1.5, 2.0, 2.0, 1.0, 1.5, 2.5, 0.5, 2.0, 2.5, 2.0,
    1.0, 2.0, 0.5, 1.5, 1.0, 2.5, 1.0, 1.5, 1.0, 7.0, 1.0, 3.5, 1.5, 2.0, 1.5, 1.5, 2.0, 3.0,
    1.5, 1.5, 2.0, 1.5, 2.0, 1.5, 4.0, 2.0, 1.5, 1.5, 1.5, 1.5, 1.5, 0.5, 2.0, 1.0, 1.5, 0.5};

MannWhitneyOptions KayentaSuiteOptions() {
  MannWhitneyOptions o;
  o.tolerance = 0.10;
  o.confidence = 0.95;
  return o;
}

Classification Classify(std::span<const double> canary, std::span<const double> baseline,
                        Direction bad, const MannWhitneyOptions& o = KayentaSuiteOptions()) {
  return judge_mann_whitney(canary, baseline, bad, o).classification;
}

V Scaled(std::span<const double> values, double factor) {
  V v(values.begin(), values.end());
  for (double& x : v) x *= factor;
  return v;
}

// 200 latencies spread over 100..149 (each value four times), in a scrambled order.
V Latencies() {
  V v;
  for (int i = 0; i < 200; ++i) v.push_back(100 + (i * 37) % 50);
  return v;
}

// The same latencies with the `k` largest (k > 0) or smallest (k < 0) replaced by `value`.
V WithTail(int k, double value) {
  V v = Latencies();
  std::sort(v.begin(), v.end());
  if (k > 0) std::fill(v.end() - k, v.end(), value);
  if (k < 0) std::fill(v.begin(), v.begin() - k, value);
  return v;
}

// ---- mann_whitney_shift: the interval and estimate ----

TEST(MannWhitneyShiftTest, MatchesRWilcoxTestOnItsDocumentationExample) {
  // R: wilcox.test(x, y, conf.int = TRUE, exact = FALSE[, correct = FALSE][, conf.level]).
  ShiftEstimate r = mann_whitney_shift(kHollanderX, kHollanderY, 0.95);
  EXPECT_NEAR(r.interval.lower, -0.15001483719908448, 1e-12);
  EXPECT_NEAR(r.interval.upper, 0.75994276532229388, 1e-12);
  r = mann_whitney_shift(kHollanderX, kHollanderY, 0.98);
  EXPECT_NEAR(r.interval.lower, -0.31999721322183022, 1e-12);
  EXPECT_NEAR(r.interval.upper, 0.98994618206203366, 1e-12);
  // Without the continuity correction everything, the estimate included, is R's.
  r = mann_whitney_shift(kHollanderX, kHollanderY, 0.95, false);
  EXPECT_NEAR(r.interval.lower, -0.14998084629011074, 1e-12);
  EXPECT_NEAR(r.interval.upper, 0.75997506622157240, 1e-12);
  EXPECT_NEAR(r.estimate, 0.30250833904157232, 1e-12);
  r = mann_whitney_shift(kHollanderX, kHollanderY, 0.98, false);
  EXPECT_NEAR(r.interval.lower, -0.17004928838513347, 1e-12);
  EXPECT_NEAR(r.interval.upper, 0.90000489093054603, 1e-12);
}

TEST(MannWhitneyShiftTest, BoundsAreOrderStatisticsOfThePairwiseDifferences) {
  // By hand: with no ties, for d strictly between the k-th and (k+1)-th smallest of the 50
  // differences D = x_i - y_j, dz(d) = 25 - k and sigma = sqrt(10 * 5 * 16 / 12). The lower
  // bound solves (dz - 0.5) / sigma = z, z = qnorm(0.975) = 1.959963984540054 (R): W falls
  // below z where 24.5 - k < z sigma = 16.003, first at k = 9, so it sits at D(9). The upper
  // bound, (dz + 0.5) / sigma = -z, falls where 25.5 - k < -16.003, at k = 42: D(42) (Moses'
  // interval). The estimate (W = 0, dz = 0) lies between D(25) and D(26). Roots are found to
  // R's tolerance of 1e-4.
  V d;
  for (double x : kHollanderX) {
    for (double y : kHollanderY) d.push_back(x - y);
  }
  std::sort(d.begin(), d.end());
  for (bool correct : {true, false}) {
    const ShiftEstimate r = mann_whitney_shift(kHollanderX, kHollanderY, 0.95, correct);
    EXPECT_NEAR(r.interval.lower, d[9 - 1], 1e-4);
    EXPECT_NEAR(r.interval.upper, d[42 - 1], 1e-4);
    EXPECT_GE(r.estimate, d[25 - 1]);
    EXPECT_LE(r.estimate, d[26 - 1]);
  }
}

TEST(MannWhitneyShiftTest, TiesOutWithKayentasRValues) {
  // MannWhitneySuite "Tie out with R Version" (confidence 0.95) and "(Large)" (0.98): heavily
  // tied samples, so the tie correction matters. Bounds to 1e-6 and the estimate to 1e-4, the
  // tolerances there (Kayenta keeps the continuity correction in the estimate, R does not).
  ShiftEstimate r = mann_whitney_shift(kTieExperiment, kTieControl, 0.95);
  EXPECT_NEAR(r.interval.lower, -0.500002521696696, 1e-6);
  EXPECT_NEAR(r.interval.upper, -3.486287505871302e-5, 1e-6);
  EXPECT_NEAR(r.estimate, -0.4999393907180323, 1e-4);
  r = mann_whitney_shift(kTieLargeExperiment, kTieLargeControl, 0.98);
  EXPECT_NEAR(r.interval.lower, -0.4999173250549087, 1e-6);
  EXPECT_NEAR(r.interval.upper, -6.912685789769486e-6, 1e-6);
  EXPECT_NEAR(r.estimate, -3.45044082729315e-5, 1e-4);
}

TEST(MannWhitneyShiftTest, ReproducesKayentasIntermediateValuesIncludingCrossedBounds) {
  // MannWhitneySuite "Intermediate Values / Variables" (confidence 0.95): both bounds sit on
  // one step of W, and the root finder's tolerance leaves lower above upper, as in R (R 4.2.2
  // gives the same bounds). The estimate is Kayenta's, with the continuity correction kept;
  // R's own, without it, is 1.515e-5.
  const ShiftEstimate r = mann_whitney_shift(kSparseCanary, kSparseBaseline, 0.95);
  EXPECT_NEAR(r.interval.lower, 3.521755377702165e-5, 1e-6);
  EXPECT_NEAR(r.interval.upper, 2.02456461662334e-5, 1e-6);
  EXPECT_NEAR(r.estimate, 2.6279243045155653e-5, 1e-6);
}

TEST(MannWhitneyShiftTest, TwoPointsEachGiveTheWholeRangeOfDifferences) {
  // By hand, x = (1, 2), y = (3, 4): mumin = -3, mumax = -1. At d = -3, c(4, 5, 3, 4) ranks
  // x at 2.5 + 4, dz = 6.5 - 3 - 2 = 1.5, one tie pair: sigma = sqrt(4/12 * (5 - 6/12)) =
  // sqrt(1.5), W = 1 / sqrt(1.5) = 0.816 <= z: the lower bound is mumin. Symmetrically the
  // upper is mumax. The estimate: bisection first tries d = -2, where the samples coincide,
  // dz = 0 and W = 0 exactly.
  const ShiftEstimate r = mann_whitney_shift(V{1, 2}, V{3, 4}, 0.98);
  EXPECT_EQ(r.interval.lower, -3);
  EXPECT_EQ(r.interval.upper, -1);
  EXPECT_EQ(r.estimate, -2);
}

TEST(MannWhitneyShiftTest, ConstantSamplesGiveTheirDifference) {
  // By hand: mumin = mumax = 3; every value is tied there, sigma = 0 and W is taken as 0, so
  // both roots and the estimate are 3 (R stops; Kayenta adds noise and lands next to 3).
  const ShiftEstimate r = mann_whitney_shift(V{5, 5, 5}, V{2, 2}, 0.98);
  EXPECT_EQ(r.interval.lower, 3);
  EXPECT_EQ(r.interval.upper, 3);
  EXPECT_EQ(r.estimate, 3);
}

TEST(MannWhitneyShiftTest, RejectsEmptyNonFiniteAndBadConfidence) {
  EXPECT_THROW(mann_whitney_shift(V{}, V{1}, 0.98), std::invalid_argument);
  EXPECT_THROW(mann_whitney_shift(V{1, kNaN}, V{1, 2}, 0.98), std::invalid_argument);
  EXPECT_THROW(mann_whitney_shift(V{1, 2}, V{1, kInf}, 0.98), std::invalid_argument);
  EXPECT_THROW(mann_whitney_shift(V{1, 2}, V{1, 3}, 1.0), std::invalid_argument);
}

// ---- judge_mann_whitney: Kayenta's ClassifierSuite, ported ----

TEST(MannWhitneyJudgeTest, KayentaPassHighAndLowMetrics) {
  // ClassifierSuite "Pass Metric", "High Metric", "Low Metric" (direction either).
  EXPECT_EQ(Classify(kNear10, kNear10b, Direction::kEither), Classification::kPass);
  EXPECT_EQ(Classify(kNear20, kNear10b, Direction::kEither), Classification::kHigh);
  EXPECT_EQ(Classify(kNear10, kNear20b, Direction::kEither), Classification::kLow);
}

TEST(MannWhitneyJudgeTest, KayentaDirectionalTests) {
  // ClassifierSuite "Directional Test: Increase/Decrease/High Metric/Low Metric".
  EXPECT_EQ(Classify(kNear10, kNear20b, Direction::kIncrease), Classification::kPass);
  EXPECT_EQ(Classify(kNear20, kNear10b, Direction::kDecrease), Classification::kPass);
  const MetricVerdict high =
      judge_mann_whitney(kNear20, kNear10b, Direction::kIncrease, KayentaSuiteOptions());
  EXPECT_EQ(high.classification, Classification::kHigh);
  EXPECT_FALSE(high.critical);
  EXPECT_EQ(Classify(kNear10, kNear20b, Direction::kDecrease), Classification::kLow);
}

TEST(MannWhitneyJudgeTest, KayentaHighMetricWithMostlyTiedZeros) {
  // ClassifierSuite "High Metric (Large Input)".
  const MetricVerdict v =
      judge_mann_whitney(kSparseCanary, kSparseBaseline, Direction::kEither, KayentaSuiteOptions());
  EXPECT_EQ(v.classification, Classification::kHigh);
  EXPECT_FALSE(v.critical);
}

TEST(MannWhitneyJudgeTest, KayentaMeanRatioEffectSizes) {
  // ClassifierSuite "Mean Ratio Effect Size: High / Low / Pass / Pass (Large Input)";
  // thresholds are (allowedDecrease, allowedIncrease).
  MannWhitneyOptions o = KayentaSuiteOptions();
  o.allowed_decrease = 0.8, o.allowed_increase = 1.2;
  EXPECT_EQ(Classify(V{20, 22, 21, 25, 30}, V{1, 2.2, 1.1, 2.5, 3}, Direction::kEither, o),
            Classification::kHigh);
  EXPECT_EQ(Classify(kNear10, kNear20b, Direction::kDecrease, o), Classification::kLow);
  o.allowed_decrease = 0.5, o.allowed_increase = 1.0;
  EXPECT_EQ(Classify(V{10, 12.2, 10.1, 12.5, 23}, V{20, 22, 21, 25, 30}, Direction::kEither, o),
            Classification::kPass);
  o.allowed_decrease = 1.0, o.allowed_increase = 5.0;
  EXPECT_EQ(Classify(kSparseCanary, kSparseBaseline, Direction::kEither, o), Classification::kPass);
}

TEST(MannWhitneyJudgeTest, KayentaCriticalEffectSizes) {
  // ClassifierSuite "Critical Effect Size: Critical High / Critical Low / High / Pass /
  // Critical High (Default Thresholds)". The mean ratio of the first pair is 23.6 / 1.96 = 12.04.
  const V high_canary{20, 22, 21, 25, 30}, high_baseline{1, 2.2, 1.1, 2.5, 3};
  MannWhitneyOptions o = KayentaSuiteOptions();
  o.critical = true;
  o.critical_decrease = 1.0, o.critical_increase = 1.2;
  MetricVerdict v = judge_mann_whitney(high_canary, high_baseline, Direction::kEither, o);
  EXPECT_EQ(v.classification, Classification::kHigh);
  EXPECT_TRUE(v.critical);
  EXPECT_NEAR(v.effect_size, 23.6 / 1.96, 1e-12);

  o.critical_decrease = 1.2, o.critical_increase = 1.0;
  v = judge_mann_whitney(V{2, 2, 2, 2, 3}, V{10, 20.2, 10.1, 20.5, 30}, Direction::kEither, o);
  EXPECT_EQ(v.classification, Classification::kLow);
  EXPECT_TRUE(v.critical);

  o.allowed_decrease = 1.0, o.allowed_increase = 5.0;
  o.critical_decrease = 1.0, o.critical_increase = 13.0;
  v = judge_mann_whitney(high_canary, high_baseline, Direction::kEither, o);
  EXPECT_EQ(v.classification, Classification::kHigh);
  EXPECT_FALSE(v.critical);

  o.allowed_increase = 13.0, o.critical_increase = 15.0;
  v = judge_mann_whitney(high_canary, high_baseline, Direction::kEither, o);
  EXPECT_EQ(v.classification, Classification::kPass);
  EXPECT_FALSE(v.critical);

  MannWhitneyOptions defaults = KayentaSuiteOptions();
  defaults.critical = true;
  v = judge_mann_whitney(high_canary, high_baseline, Direction::kEither, defaults);
  EXPECT_EQ(v.classification, Classification::kHigh);
  EXPECT_TRUE(v.critical);
}

TEST(MannWhitneyJudgeTest, KayentaTiedAndIdenticalSamplesPass) {
  // ClassifierSuite "Tied Observations", "Identical Populations", "Leading Zero Identical
  // Population", "Majority Tied Observations".
  EXPECT_EQ(Classify(V{1, 1, 1}, V{1, 1}, Direction::kDecrease), Classification::kPass);
  EXPECT_EQ(Classify(V{1, 2, 3, 4, 5}, V{5, 4, 3, 2, 1}, Direction::kDecrease),
            Classification::kPass);
  EXPECT_EQ(Classify(V{0, 1, 1, 1, 1}, V{1, 1, 1, 1, 1}, Direction::kDecrease),
            Classification::kPass);
  EXPECT_EQ(Classify(V{1, 1, 1, 1, 10}, V{1, 1, 1, 1, 1}, Direction::kEither),
            Classification::kPass);
  const MetricVerdict v = judge_mann_whitney(V{1, 2, 3, 4, 5}, V{5, 4, 3, 2, 1}, Direction::kEither,
                                             MannWhitneyOptions{});
  EXPECT_EQ(v.effect_size, 1.0);
  EXPECT_EQ(v.reason, "canary and baseline samples are identical");
}

TEST(MannWhitneyJudgeTest, KayentaTiedRanksAreHigh) {
  // ClassifierSuite "Tied Ranks" and "Tied Ranks With Zeros": constant samples, canary higher.
  EXPECT_EQ(Classify(V(5, 10.0), V(5, 1.0), Direction::kEither), Classification::kHigh);
  EXPECT_EQ(Classify(V(5, 10.0), V(5, 0.0), Direction::kEither), Classification::kHigh);
}

TEST(MannWhitneyJudgeTest, KayentaZeroMeans) {
  // ClassifierSuite "Zero Mean: High / Low Metric with Effect Size", "Critical Metric", "Pass
  // Metric": a zero mean leaves the ratio NaN and the effect-size gate unchecked.
  MannWhitneyOptions o = KayentaSuiteOptions();
  o.allowed_decrease = 0.8, o.allowed_increase = 1.2;
  const V around55{54.9, 54.5, 55.1, 55.6, 57.4}, zeros(5, 0.0);
  MetricVerdict v = judge_mann_whitney(around55, zeros, Direction::kEither, o);
  EXPECT_EQ(v.classification, Classification::kHigh);
  EXPECT_TRUE(std::isnan(v.effect_size));
  v = judge_mann_whitney(zeros, around55, Direction::kEither, o);
  EXPECT_EQ(v.classification, Classification::kLow);
  EXPECT_TRUE(std::isnan(v.effect_size));
  v = judge_mann_whitney(zeros, zeros, Direction::kEither, o);
  EXPECT_EQ(v.classification, Classification::kPass);
  EXPECT_EQ(v.effect_size, 1.0);

  MannWhitneyOptions critical = KayentaSuiteOptions();
  critical.critical = true, critical.replace_nan = true;
  critical.critical_decrease = 0.8, critical.critical_increase = 1.2;
  const V rates{0.05000000074505806, 0.05000000074505806, 0.01666666753590107, 0.01666666753590107,
                0.01666666753590107, 0.05000000074505806, 0.03333333507180214, 0.05000000260770321,
                0.05000000260770321, 0.13333333656191826};
  v = judge_mann_whitney(rates, V(10, 0.0), Direction::kEither, critical);
  EXPECT_EQ(v.classification, Classification::kHigh);
  EXPECT_TRUE(v.critical);
}

TEST(MannWhitneyJudgeTest, KayentaMissingData) {
  // ClassifierSuite "Missing Experiment Data", "...: Critical Metric", "... with NaN
  // Replacement", "Missing Data: Reason String"; NodataFailMetric from
  // MannWhitneyClassifier.classify (isDataRequired && !isCriticalMetric).
  const V baseline{1, 2, 3, 4, 5};
  MannWhitneyOptions o = KayentaSuiteOptions();
  MetricVerdict v = judge_mann_whitney(V{}, baseline, Direction::kDecrease, o);
  EXPECT_EQ(v.classification, Classification::kNoData);
  EXPECT_FALSE(v.critical);
  o.critical = true;
  v = judge_mann_whitney(V{}, baseline, Direction::kDecrease, o);
  EXPECT_EQ(v.classification, Classification::kNoData);
  EXPECT_TRUE(v.critical);
  v = judge_mann_whitney(V{}, V{}, Direction::kDecrease, o);
  EXPECT_FALSE(v.reason.empty());
  o.critical = false, o.must_have_data = true;
  v = judge_mann_whitney(V{}, baseline, Direction::kDecrease, o);
  EXPECT_EQ(v.classification, Classification::kNoDataFail);
  EXPECT_EQ(classification_name(v.classification), "NodataFailMetric");
  // Kayenta passes "Missing Experiment Data with NaN Replacement" (no data counts as no events);
  // here no data is never a pass, whatever the nan strategy (docs/canary-eval.md).
  o.must_have_data = false, o.replace_nan = true;
  EXPECT_EQ(Classify(V{}, baseline, Direction::kDecrease, o), Classification::kNoData);
}

TEST(MannWhitneyJudgeTest, ReplacedNanWithoutAnyFiniteValueIsNoData) {
  MannWhitneyOptions o;
  o.replace_nan = true;
  MetricVerdict v = judge_mann_whitney(V{}, V{}, Direction::kIncrease, o);
  EXPECT_EQ(v.classification, Classification::kNoData);
  EXPECT_EQ(v.reason, "canary has no value and baseline has no value, which is no data");
  v = judge_mann_whitney(V{1, 2, 3}, V{}, Direction::kIncrease, o);
  EXPECT_EQ(v.classification, Classification::kNoData);
  EXPECT_EQ(v.reason, "baseline has no value, which is no data");
  // Every value NaN and replaced by 0 on both sides: two identical samples of zeros made up
  // from nothing, which would otherwise pass as identical.
  v = judge_mann_whitney(V{kNaN, kNaN, kNaN}, V{kNaN, kInf, kNaN}, Direction::kIncrease, o);
  EXPECT_EQ(v.classification, Classification::kNoData);
  EXPECT_EQ(v.reason,
            "canary has no finite value (3 NaN or infinite) and baseline has no finite value (3 "
            "NaN or infinite), which is no data even with NaN replaced by 0");
  o.critical = true;
  EXPECT_TRUE(judge_mann_whitney(V{kNaN, kNaN}, V{1, 2}, Direction::kIncrease, o).critical);
  // One finite value is data: the NaNs beside it are replaced (Kayenta's "Replace NANs").
  v = judge_mann_whitney(V{kNaN, 0, kNaN}, V{0, 0, 0}, Direction::kIncrease, o);
  EXPECT_EQ(v.classification, Classification::kPass);
}

TEST(MannWhitneyJudgeTest, KayentaOutlierRemovalAndPercentiles) {
  // TransformSuite "IQR Outlier Removal" and DetectorSuite "IQR NIST Test" (factor 1.5): one
  // outlier each. By hand, the p1/p99 widening of NetflixACAJudge does not save them: for the
  // first, p99 = 29 + 0.93 * 21 = 48.53 < 50; for NIST, max(p99 = 1109.03, Q3 + 1.5 IQR =
  // 1191.875) < 1441. StatisticSuite "Basic Percentile" (p5 = 0.175) and "Percentile (NIST
  // Data)" (p90 = 95.19568) check the quantile behind both, through the tail comparison.
  MannWhitneyOptions o;
  o.remove_outliers = true, o.outlier_factor = 1.5;
  MetricVerdict v =
      judge_mann_whitney(V{21, 23, 24, 25, 50, 29, 23, 21}, V{1, 2}, Direction::kEither, o);
  EXPECT_EQ(v.canary.outliers, 1u);
  EXPECT_EQ(v.canary.n, 7u);
  EXPECT_NEAR(v.canary.mean, (21 + 23 + 24 + 25 + 29 + 23 + 21) / 7.0, 1e-12);
  const V nist{30,  171, 184, 201, 212, 250, 265, 270, 272, 289, 305, 306,  322,  322,  336,
               346, 351, 370, 390, 404, 409, 411, 436, 437, 439, 441, 444,  448,  451,  453,
               470, 480, 482, 487, 494, 495, 499, 503, 514, 521, 522, 527,  548,  550,  559,
               560, 570, 572, 574, 578, 585, 592, 592, 607, 616, 618, 621,  629,  637,  638,
               640, 656, 668, 707, 709, 719, 737, 739, 752, 758, 766, 792,  792,  794,  802,
               818, 830, 832, 843, 858, 860, 869, 918, 925, 953, 991, 1000, 1005, 1068, 1441};
  v = judge_mann_whitney(nist, V{1, 2}, Direction::kEither, o);
  EXPECT_EQ(v.canary.outliers, 1u);
  EXPECT_EQ(v.canary.n, nist.size() - 1);

  MannWhitneyOptions tail;
  tail.tail_quantile = 0.05;
  v = judge_mann_whitney(V{0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5}, V{1, 2}, Direction::kEither, tail);
  ASSERT_TRUE(v.tail.has_value());
  EXPECT_NEAR(v.tail->canary, 0.175, 1e-12);
  EXPECT_EQ(v.canary.median, 1.75);
  tail.tail_quantile = 0.9;
  v = judge_mann_whitney(V{95.1772, 95.1567, 95.1937, 95.1959, 95.1442, 95.0610, 95.1591, 95.1195,
                           95.1772, 95.0925, 95.1990, 95.1682},
                         V{1, 2}, Direction::kEither, tail);
  EXPECT_NEAR(v.tail->canary, 95.19568, 1e-9);
}

TEST(MannWhitneyJudgeTest, KayentaMeanRatios) {
  // StatisticSuite "Effect Size: Mean Ratio (High)", "(Low)", "(Zero Mean)".
  MannWhitneyOptions o;
  EXPECT_EQ(judge_mann_whitney(V(5, 10.0), V(5, 1.0), Direction::kEither, o).effect_size, 10.0);
  EXPECT_EQ(judge_mann_whitney(V(5, 10.0), V(5, 100.0), Direction::kEither, o).effect_size, 0.1);
  EXPECT_TRUE(
      std::isnan(judge_mann_whitney(V(5, 10.0), V(5, 0.0), Direction::kEither, o).effect_size));
}

// ---- judge_mann_whitney: documented behaviours and our additions ----

TEST(MannWhitneyJudgeTest, NanAndInfinityAreRemovedOrReplaced) {
  // TransformSuite "Remove Single NaN": (0, 1, NaN, 1, 0) keeps 4 values; infinities count
  // as NaN here. Replaced, they become zeros ("Replace NANs").
  MannWhitneyOptions o;
  MetricVerdict v =
      judge_mann_whitney(V{0, 1, kNaN, 1, 0}, V{0, 1, kInf, 1, -kInf}, Direction::kEither, o);
  EXPECT_EQ(v.canary.n, 4u);
  EXPECT_EQ(v.canary.non_finite, 1u);
  EXPECT_EQ(v.baseline.n, 3u);
  EXPECT_EQ(v.baseline.non_finite, 2u);
  o.replace_nan = true;
  v = judge_mann_whitney(V{kNaN, 10.1, 20.2, 30.3, kNaN, 40.4}, V{1, 2}, Direction::kEither, o);
  EXPECT_EQ(v.canary.n, 6u);
  EXPECT_NEAR(v.canary.mean, (10.1 + 20.2 + 30.3 + 40.4) / 6, 1e-12);
}

TEST(MannWhitneyJudgeTest, AllNanBaselineIsNoData) {
  const MetricVerdict v = judge_mann_whitney(V{1, 2, 3}, V{kNaN, kNaN, kNaN}, Direction::kIncrease,
                                             MannWhitneyOptions{});
  EXPECT_EQ(v.classification, Classification::kNoData);
  EXPECT_EQ(v.reason, "baseline has 0 values (3 NaN or infinite removed), fewer than the 2 needed");
}

TEST(MannWhitneyJudgeTest, EmptyOrSingleValueCanaryIsNoData) {
  MannWhitneyOptions o;
  EXPECT_EQ(Classify(V{}, V{1, 2, 3}, Direction::kIncrease, o), Classification::kNoData);
  // One point each would give Kayenta an interval from a single difference (and an exception).
  const MetricVerdict v = judge_mann_whitney(V{5}, V{1, 2, 3}, Direction::kIncrease, o);
  EXPECT_EQ(v.classification, Classification::kNoData);
  EXPECT_EQ(v.reason, "canary has 1 value, fewer than the 2 needed");
  o.min_samples = 10;
  EXPECT_EQ(Classify(V{1, 2, 3}, V{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Direction::kIncrease, o),
            Classification::kNoData);
}

TEST(MannWhitneyJudgeTest, ShiftUpIsHighOnlyWhenIncreaseIsBad) {
  // Kayenta's "High Metric" pair at the default options (confidence 0.98, tolerance 0.25).
  MannWhitneyOptions o;
  MetricVerdict v = judge_mann_whitney(kNear20, kNear10b, Direction::kIncrease, o);
  EXPECT_EQ(v.classification, Classification::kHigh);
  EXPECT_GT(v.interval.lower, 0.25 * v.estimate);
  EXPECT_NE(v.reason.find("lies above"), std::string::npos) << v.reason;
  v = judge_mann_whitney(kNear20, kNear10b, Direction::kDecrease, o);
  EXPECT_EQ(v.classification, Classification::kPass);
  EXPECT_NE(v.reason.find("not bad for this metric"), std::string::npos) << v.reason;
}

TEST(MannWhitneyJudgeTest, FiveTimesTheErrorRateIsHighInAnyUnit) {
  // 30 error ratios around 0.001 against around 0.0002 (by construction, mean ratio 5 up to
  // the sine terms). The verdict and the interval must not depend on whether the ratio is
  // written as a fraction, a percentage or per million: bounds agree to the root tolerance,
  // 1e-4 of the range of pairwise differences (about 1.4e-3 here).
  V baseline, canary;
  for (int i = 0; i < 30; ++i) {
    baseline.push_back(0.0002 * (1 + 0.3 * std::sin(i)));
    canary.push_back(0.001 * (1 + 0.3 * std::cos(i)));
  }
  const MetricVerdict v =
      judge_mann_whitney(canary, baseline, Direction::kIncrease, MannWhitneyOptions{});
  EXPECT_EQ(v.classification, Classification::kHigh) << v.reason;
  EXPECT_NEAR(v.effect_size, 5, 0.5);
  for (double unit : {100.0, 1e6}) {
    const MetricVerdict s = judge_mann_whitney(Scaled(canary, unit), Scaled(baseline, unit),
                                               Direction::kIncrease, MannWhitneyOptions{});
    EXPECT_EQ(s.classification, Classification::kHigh);
    EXPECT_NEAR(s.interval.lower / unit, v.interval.lower, 1.4e-7);
    EXPECT_NEAR(s.interval.upper / unit, v.interval.upper, 1.4e-7);
  }
}

TEST(MannWhitneyJudgeTest, RootToleranceScalesWithTheData) {
  // Kayenta's "Pass Metric" pair in units a million times larger (values near 1e-5): the
  // judge's interval is the unscaled one, scaled (to 1e-4 of the range of differences,
  // mumax - mumin = 16.6 before scaling). By hand, R's and Kayenta's absolute tolerance of
  // 1e-4 is 6 times that whole range here, so zeroin's first convergence test (half the
  // bracket <= tol / 2) holds and each bound is an end of [mumin, mumax].
  const V c = Scaled(kNear10, 1e-6), b = Scaled(kNear10b, 1e-6);
  const MetricVerdict unscaled =
      judge_mann_whitney(kNear10, kNear10b, Direction::kEither, MannWhitneyOptions{});
  const MetricVerdict scaled = judge_mann_whitney(c, b, Direction::kEither, MannWhitneyOptions{});
  EXPECT_EQ(scaled.classification, Classification::kPass);
  EXPECT_NEAR(scaled.interval.lower * 1e6, unscaled.interval.lower, 2e-3);
  EXPECT_NEAR(scaled.interval.upper * 1e6, unscaled.interval.upper, 2e-3);
  const double mumin =
      *std::min_element(c.begin(), c.end()) - *std::max_element(b.begin(), b.end());
  const double mumax =
      *std::max_element(c.begin(), c.end()) - *std::min_element(b.begin(), b.end());
  const ShiftEstimate absolute = mann_whitney_shift(c, b, 0.98);
  for (double bound : {absolute.interval.lower, absolute.interval.upper}) {
    EXPECT_TRUE(bound == mumin || bound == mumax) << bound;
  }
}

TEST(MannWhitneyJudgeTest, TailRegressionWithEqualMediansNeedsTheTailCheck) {
  // The canary's 3 slowest of 200 requests take 1500 instead of up to 149: ranks, medians and
  // the location test are unchanged, but p99 (index 197.01 of 0..199) is 1500 against the
  // baseline's 149 (by hand: sorted values repeat each of 100..149 four times).
  const V baseline = Latencies(), canary = WithTail(3, 1500);
  MannWhitneyOptions o;
  MetricVerdict v = judge_mann_whitney(canary, baseline, Direction::kIncrease, o);
  EXPECT_EQ(v.classification, Classification::kPass) << v.reason;
  EXPECT_EQ(v.canary.median, v.baseline.median);
  o.tail_quantile = 0.99;
  v = judge_mann_whitney(canary, baseline, Direction::kIncrease, o);
  EXPECT_EQ(v.classification, Classification::kHigh);
  ASSERT_TRUE(v.tail.has_value());
  EXPECT_TRUE(v.tail->failed);
  EXPECT_EQ(v.tail->canary, 1500);
  EXPECT_EQ(v.tail->baseline, 149);
  EXPECT_EQ(v.reason.rfind("p99 10.1x baseline (canary 1500, baseline 149), beyond "
                           "tail_tolerance 1.5x; location test: ",
                           0),
            0u)
      << v.reason;
  EXPECT_FALSE(v.critical);
  o.critical = true;
  EXPECT_TRUE(judge_mann_whitney(canary, baseline, Direction::kIncrease, o).critical);
}

TEST(MannWhitneyJudgeTest, TailCheckFollowsTheBadDirection) {
  const V baseline = Latencies();
  MannWhitneyOptions o;
  o.tail_quantile = 0.99;
  // A faster tail is no regression when increases are bad.
  EXPECT_EQ(Classify(WithTail(3, 120), baseline, Direction::kIncrease, o), Classification::kPass);
  // Throughput: the 3 lowest of 200 collapse to 1, p1 (index 1.99) drops from 100 to 1.
  o.tail_quantile = 0.01;
  const MetricVerdict v = judge_mann_whitney(WithTail(-3, 1), baseline, Direction::kDecrease, o);
  EXPECT_EQ(v.classification, Classification::kLow) << v.reason;
  EXPECT_NEAR(v.tail->ratio, 0.01, 1e-12);
  // Within tolerance: p99 1.4x the baseline's with tail_tolerance 1.5 passes.
  o.tail_quantile = 0.99;
  EXPECT_EQ(Classify(WithTail(3, 149 * 1.4), baseline, Direction::kIncrease, o),
            Classification::kPass);
}

TEST(MannWhitneyJudgeTest, TailIsMeasuredBeforeOutlierRemoval) {
  // One request of 200 at 1500: p99.9 (index 198.801) is 149 + 0.801 * 1351 = 1231.2, but
  // Kayenta's outlier removal (upper fence max(p99, Q3 + 3 IQR) = 212.25) would drop it.
  const V baseline = Latencies(), canary = WithTail(1, 1500);
  MannWhitneyOptions o;
  o.remove_outliers = true;
  o.tail_quantile = 0.999;
  const MetricVerdict v = judge_mann_whitney(canary, baseline, Direction::kIncrease, o);
  EXPECT_EQ(v.canary.outliers, 1u);
  EXPECT_NEAR(v.tail->canary, 149 + 0.801 * 1351, 1e-9);
  EXPECT_EQ(v.classification, Classification::kHigh);
}

TEST(MannWhitneyJudgeTest, InvalidOptionsThrow) {
  const V a{1, 2, 3};
  for (auto change : {+[](MannWhitneyOptions& o) { o.confidence = 1; },
                      +[](MannWhitneyOptions& o) { o.tolerance = -1; },
                      +[](MannWhitneyOptions& o) { o.allowed_increase = kNaN; },
                      +[](MannWhitneyOptions& o) { o.outlier_factor = 0; },
                      +[](MannWhitneyOptions& o) { o.tail_quantile = 0; },
                      +[](MannWhitneyOptions& o) { o.tail_tolerance = 0.9; }}) {
    MannWhitneyOptions o;
    change(o);
    EXPECT_THROW(judge_mann_whitney(a, a, Direction::kEither, o), std::invalid_argument);
  }
}

// ---- judge_threshold ----

TEST(ThresholdJudgeTest, MeanAgainstBounds) {
  ThresholdOptions o;
  o.max = 0.05;
  MetricVerdict v = judge_threshold(V{0.01, 0.02, 0.2}, o);  // mean 0.23 / 3
  EXPECT_EQ(v.classification, Classification::kHigh);
  EXPECT_NEAR(v.estimate, 0.23 / 3, 1e-15);
  EXPECT_EQ(v.reason, "canary mean 0.0767 is above max 0.05");
  v = judge_threshold(V{0.01, 0.02, 0.03}, o);
  EXPECT_EQ(v.classification, Classification::kPass);
  EXPECT_EQ(v.reason, "canary mean 0.02 is within max 0.05");
  o.max.reset(), o.min = 0.99;
  v = judge_threshold(V{0.999, 0.98, 0.97}, o);
  EXPECT_EQ(v.classification, Classification::kLow);
  o.max = 0.99;  // min == max: the bound itself passes
  EXPECT_EQ(judge_threshold(V{0.99}, o).classification, Classification::kPass);
}

TEST(ThresholdJudgeTest, OtherAggregates) {
  ThresholdOptions o;
  o.max = 10;
  const V spike{1, 1, 50, 1, 2};
  EXPECT_EQ(judge_threshold(spike, o).classification, Classification::kHigh);  // mean 11
  o.aggregate = ThresholdAggregate::kMedian;
  EXPECT_EQ(judge_threshold(spike, o).classification, Classification::kPass);
  o.aggregate = ThresholdAggregate::kLast;
  EXPECT_EQ(judge_threshold(spike, o).estimate, 2);
  o.aggregate = ThresholdAggregate::kMax;
  EXPECT_EQ(judge_threshold(spike, o).estimate, 50);
  o.aggregate = ThresholdAggregate::kMin;
  EXPECT_EQ(judge_threshold(spike, o).estimate, 1);
}

TEST(ThresholdJudgeTest, MissingDataAndCritical) {
  ThresholdOptions o;
  o.max = 1;
  EXPECT_EQ(judge_threshold(V{kNaN, kNaN}, o).classification, Classification::kNoData);
  o.replace_nan = true;  // NaN as 0: (0, 0.5) has mean 0.25
  EXPECT_EQ(judge_threshold(V{kNaN, 0.5}, o).estimate, 0.25);
  // Without any finite value, replacing NaN would judge zeros made up from nothing.
  EXPECT_EQ(judge_threshold(V{kNaN, kNaN}, o).classification, Classification::kNoData);
  EXPECT_EQ(judge_threshold(V{}, o).classification, Classification::kNoData);
  o.replace_nan = false, o.aggregate = ThresholdAggregate::kLast;  // the last finite value
  EXPECT_EQ(judge_threshold(V{3, 0.5, kInf}, o).estimate, 0.5);
  o.must_have_data = true;
  EXPECT_EQ(judge_threshold(V{}, o).classification, Classification::kNoDataFail);
  o.critical = true;
  MetricVerdict v = judge_threshold(V{}, o);
  EXPECT_EQ(v.classification, Classification::kNoData);
  EXPECT_TRUE(v.critical);
  EXPECT_TRUE(judge_threshold(V{5}, o).critical);
  EXPECT_FALSE(judge_threshold(V{0.5}, o).critical);
  o.min = 2;
  EXPECT_THROW(judge_threshold(V{1}, o), std::invalid_argument);
}

}  // namespace
}  // namespace mlops::canary
