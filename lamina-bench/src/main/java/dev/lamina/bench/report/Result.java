package dev.lamina.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One measured figure: Lamina's value, the floor's value measured in the same run and their ratio, where there is
 * one; or a note saying why there is no figure ("not available: …").
 *
 * @param scenario the scenario's name, e.g. {@code warm}
 * @param metric   what was measured, e.g. {@code p50}
 * @param value    Lamina's figure; null when not available
 * @param unit     e.g. {@code µs}, {@code invokes/s}, {@code MiB}
 * @param floor    the floor's figure; null when there is none
 * @param ratio    value / floor; null when there is no floor
 * @param goal     the goal this figure is held to, e.g. {@code ≤ 1.3× floor}; null when none
 * @param goalMet  whether the goal is met; null when no goal
 * @param note     a remark, e.g. why a figure is not available
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Result(String scenario, String metric, Double value, String unit, Double floor, Double ratio,
        String goal, Boolean goalMet, String note) {

    /** A figure measured against the floor. */
    public static Result vsFloor(String scenario, String metric, double value, double floor, String unit) {
        return new Result(scenario, metric, value, unit, floor, floor == 0 ? null : value / floor, null, null, null);
    }

    /** A figure without a floor. */
    public static Result alone(String scenario, String metric, double value, String unit) {
        return new Result(scenario, metric, value, unit, null, null, null, null, null);
    }

    /** A slot kept for a scenario that cannot run yet. */
    public static Result notAvailable(String scenario, String metric, String why) {
        return new Result(scenario, metric, null, null, null, null, null, null, "not available: " + why);
    }

    /** This result held to a goal on its ratio: met when ratio ≤ max (or ≥ min when {@code atLeast}). */
    public Result ratioGoal(double bound, boolean atLeast) {
        String text = (atLeast ? "≥ " : "≤ ") + bound + "× floor";
        Boolean met = ratio == null ? null : atLeast ? ratio >= bound : ratio <= bound;
        return new Result(scenario, metric, value, unit, floor, ratio, text, met, note);
    }

    /** This result held to a goal on its value: met when value ≤ max. */
    public Result valueGoal(double max) {
        Boolean met = value == null ? null : value <= max;
        return new Result(scenario, metric, value, unit, floor, ratio, "≤ " + fmt(max) + " " + unit, met, note);
    }

    /** This result held to a goal on its value: met when value ≥ min. */
    public Result valueGoalAtLeast(double min) {
        Boolean met = value == null ? null : value >= min;
        return new Result(scenario, metric, value, unit, floor, ratio, "≥ " + fmt(min) + " " + unit, met, note);
    }

    public Result withNote(String newNote) {
        return new Result(scenario, metric, value, unit, floor, ratio, goal, goalMet, newNote);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 1000 || v == Math.rint(v)) {
            return String.format("%,.0f", v);
        }
        return a >= 100 ? String.format("%.0f", v) : a >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
