using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// Bounded nonlinear least squares of a speedup law over measured samples, with MathNet's Levenberg-Marquardt,
/// and the law's R² (the coefficient of determination, 1 − SSres/SStot, in speedup units).
/// </summary>
internal static class ScalingLeastSquares
{
    /// <summary>How far inside its bounds a starting value is put: LM's bound transform (arcsine) is flat on a bound and would never leave it.</summary>
    private const double BoundMargin = 1e-6;
    private const int MaximumIterations = 500;

    /// <summary>Fitted parameters and R², or null with the reason when the minimiser could not give finite ones.</summary>
    public static (double[] Parameters, double RSquared)? Fit(
        IReadOnlyList<SpeedupSample> samples,
        Func<Vector<double>, double, double> law,
        Func<Vector<double>, double, Vector<double>> gradient,
        double[] initialGuess, double[] lower, double[] upper, out string? reason)
    {
        var x = Vector<double>.Build.DenseOfEnumerable(samples.Select(s => s.Concurrency));
        var y = Vector<double>.Build.DenseOfEnumerable(samples.Select(s => s.Speedup));
        var start = initialGuess.Select((g, i) => Inside(g, lower[i], upper[i])).ToArray();
        NonlinearMinimizationResult result;
        try
        {
            var objective = ObjectiveFunction.NonlinearModel(law, gradient, x, y);
            result = new LevenbergMarquardtMinimizer(maximumIterations: MaximumIterations).FindMinimum(
                objective, Vector<double>.Build.DenseOfArray(start),
                Vector<double>.Build.DenseOfArray(lower), Vector<double>.Build.DenseOfArray(upper));
        }
        catch (Exception e) when (e is ArithmeticException or ArgumentException or NonConvergenceException or MaximumIterationsException)
        {
            reason = "the least-squares fit failed: " + e.Message;
            return null;
        }
        var parameters = result.MinimizingPoint.Select((p, i) => Math.Clamp(p, lower[i], upper[i])).ToArray();
        if (!parameters.All(double.IsFinite))
        {
            reason = "the least-squares fit did not converge to finite values";
            return null;
        }
        var p = Vector<double>.Build.DenseOfArray(parameters);
        reason = null;
        return (parameters, RSquared(samples.Select(s => law(p, s.Concurrency)), samples.Select(s => s.Speedup)));
    }

    /// <summary>1 − SSres/SStot; 1 when the samples are all equal and the law meets them, 0 when it does not.</summary>
    public static double RSquared(IEnumerable<double> modelled, IEnumerable<double> observed)
    {
        var r2 = GoodnessOfFit.CoefficientOfDetermination(modelled, observed);
        if (double.IsFinite(r2)) return r2;
        var residual = modelled.Zip(observed, (m, o) => (m - o) * (m - o)).Sum();
        return residual < 1e-18 ? 1 : 0;
    }

    private static double Inside(double value, double lower, double upper)
    {
        var margin = BoundMargin * Math.Max(1, upper - lower);
        return Math.Clamp(double.IsFinite(value) ? value : (lower + upper) / 2, lower + margin, upper - margin);
    }
}
