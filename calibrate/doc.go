// Package calibrate fits a network's calibration parameters
// (parameters.csv: factors on running times, border dwell, handling times
// and tariffs, each with bounds) to its published observations
// (observations.csv), and cross-validates the fit.
//
// The fit is bounded robust least squares in log space: each observation's
// residual is the log distance of the modelled figure from its published
// range (zero inside), weighed by a Cauchy loss so that one odd source
// cannot pull a parameter to its bound, plus a small pull of every factor
// towards 1 (the base records) so that parameters no observation informs
// stay where they are. Bounds hold by a logistic change of variable, and
// gonum's L-BFGS minimises.
//
// Routes depend on the parameters (a slower border can move a trip to
// another path), so the fit alternates: route every observation with the
// current values, fit the factors holding those itineraries fixed (each
// figure is linear in the factors of the links and nodes it uses), reload
// the network with the new values and route again. A round that makes the
// real objective worse is halved, then dropped. The simulation's spread
// factors are fitted last, to the published spreads, by Nelder–Mead over
// re-simulations of the routed itineraries.
//
// Cross-validation splits the observations into k folds by a hash of their
// ids; each fold is held out in turn, the rest fitted from the starting
// values, and the held-out fold checked before and after.
package calibrate
