"""Reference values for BG/NBD's conditional expected purchases and P(alive) (src/clv/bgnbd.rs tests):
the textbook formula, as lifetimes 0.11.3 writes it (BetaGeoFitter.
conditional_expected_number_of_purchases_up_to_time), evaluated with mpmath at 60 digits, where neither
the hypergeometric function's cancellation nor its alternating series can distort it. Also prints what
lifetimes itself computes in float64, to show where it breaks down. Run: python3 clv_reference.py
(needs mpmath; lifetimes optional)."""
import mpmath as mp

mp.mp.dps = 60

# (r, alpha, a, b, x, t_x, T, t): Hardie's worked example, a heavy buyer, drop-out parameters in the
# millions, a just below 1, and the fit from a calibration one day long (2017-01-02 on
# www/sample/complete_journey_sample.csv), where the float64 formula gave -866.96 for x = 0.
CASES = [
    (0.2426, 4.4135, 0.7929, 2.4258, 2, 30.43, 38.86, 39),
    (1.5, 0.7, 0.05, 3.0, 700, 100, 101, 52),
    (1.6, 1.5, 2.7e3, 3.2e6, 45, 36.5, 38.9, 52),
    (0.2426, 4.4135, 0.999, 2.4258, 3, 20, 30, 10),
    (2070556.9357496526, 2366741.267943247, 1.7857862341508135, 4.351369272866982e-6, 0, 0, 1 / 7, 365 / 7),
    (2070556.9357496526, 2366741.267943247, 1.7857862341508135, 4.351369272866982e-6, 1, 0, 1 / 7, 365 / 7),
]


def expected(r, alpha, a, b, x, t_x, T, t):
    r, alpha, a, b, x, t_x, T, t = map(mp.mpf, (r, alpha, a, b, x, t_x, T, t))
    z = t / (alpha + T + t)
    hyp = mp.hyp2f1(r + x, b + x, a + b + x - 1, z)
    first = (a + b + x - 1) / (a - 1)
    second = 1 - hyp * ((alpha + T) / (alpha + t + T)) ** (r + x)
    return first * second * p_alive(r, alpha, a, b, x, t_x, T)


def p_alive(r, alpha, a, b, x, t_x, T):
    r, alpha, a, b, x, t_x, T = map(mp.mpf, (r, alpha, a, b, x, t_x, T))
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


try:
    from lifetimes import BetaGeoFitter
    import pandas as pd
except ImportError:
    BetaGeoFitter = None

for case in CASES:
    r, alpha, a, b, x, t_x, T, t = case
    line = f"{case}: expected {mp.nstr(expected(*case), 17)}, P(alive) {mp.nstr(p_alive(*case[:7]), 17)}"
    if BetaGeoFitter is not None:
        f = BetaGeoFitter()
        f.params_ = pd.Series({"r": r, "alpha": alpha, "a": a, "b": b})
        line += f"; lifetimes {f.conditional_expected_number_of_purchases_up_to_time(t, x, t_x, T)}"
    print(line)
