#pragma once

#include <functional>

namespace mlops::stats {

// A root of f on [ax, bx] by Brent's method: R's R_zeroin2 (src/library/stats/src/zeroin.c),
// which uniroot() uses and Kayenta's BrentSolver.java copies, step for step. fa = f(ax) and
// fb = f(bx) are given (the caller usually has them) and should have opposite signs; an
// endpoint where f is 0 is returned as is. Stops when the bracket is within
// 2 eps |b| + tol / 2 of the root, or after 1000 iterations.
double zeroin(double ax, double bx, double fa, double fb, const std::function<double(double)>& f,
              double tol);

}  // namespace mlops::stats
