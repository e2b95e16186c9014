package io.benchmarkhub.api.billing;

import io.benchmarkhub.api.web.Problems;
import io.benchmarkhub.domain.billing.Plan;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request a plan does not allow: 402 when a paid plan would allow it, 403 when the caller's role cannot (owners manage
 * billing). The problem names the limit ({@code limit}), the subscriber's plan and the plan that lifts it.
 */
public final class PlanProblem extends ErrorResponseException {

    private PlanProblem(HttpStatus status, String detail, String limit, Plan plan, Plan needs, Integer max) {
        super(status, problem(status, detail, limit, plan, needs, max), null);
    }

    private static org.springframework.http.ProblemDetail problem(
            HttpStatus status, String detail, String limit, Plan plan, Plan needs, Integer max) {
        var problem = Problems.of(status, detail);
        problem.setProperty("limit", limit);
        problem.setProperty("plan", plan);
        if (needs != null) problem.setProperty("requiredPlan", needs);
        if (max != null) problem.setProperty("max", max);
        return problem;
    }

    /** 402: the limit is lifted by {@code needs}. */
    public static PlanProblem paymentRequired(String limit, Plan plan, Plan needs, Integer max, String detail) {
        return new PlanProblem(HttpStatus.PAYMENT_REQUIRED, detail, limit, plan, needs, max);
    }

    static PlanProblem forbidden(String limit, Plan plan, String detail) {
        return new PlanProblem(HttpStatus.FORBIDDEN, detail, limit, plan, null, null);
    }
}
