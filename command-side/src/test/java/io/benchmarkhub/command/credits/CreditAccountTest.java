package io.benchmarkhub.command.credits;

import static io.benchmarkhub.command.credits.CreditAccountTestData.*;

import io.benchmarkhub.domain.credits.ClawbackCause;
import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.credits.commands.ChargeRun;
import io.benchmarkhub.domain.credits.commands.ClawBackPayment;
import io.benchmarkhub.domain.credits.commands.GrantCredits;
import io.benchmarkhub.domain.credits.commands.PurchaseCredits;
import io.benchmarkhub.domain.credits.commands.SettleOwedCredits;
import io.benchmarkhub.domain.credits.events.CreditsClawedBack;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.OwedCreditsRecovered;
import io.benchmarkhub.domain.credits.events.OwedCreditsSettled;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Given/when/then tests of the {@link CreditAccount} aggregate, one behaviour per test. Costs are at the
 * default pricing, so a run's credits are ⌈API cost in µ$ × 1.3 ÷ 1,000⌉.
 */
class CreditAccountTest {

    private FixtureConfiguration<CreditAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CreditAccount.class);
    }

    @Nested
    class PurchaseCreditsCommand {

        @Test
        void a_payment_on_a_new_account_buys_one_lot_named_after_the_payment() {
            fixture.givenNoPriorActivity()
                    .when(purchase("cs_1", 1_000, 1_000))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(purchased("cs_1", 1_000, 1_000));
        }

        @Test
        void a_payment_delivered_twice_buys_one_lot() {
            fixture.given(purchased("cs_1", 1_000, 1_000))
                    .when(purchase("cs_1", 1_000, 1_000))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_redelivered_payment_with_other_figures_is_still_the_payment_already_credited() {
            fixture.given(purchased("cs_1", 1_000, 1_000))
                    .when(purchase("cs_1", 2_000, 2_000))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void another_payment_buys_another_lot() {
            fixture.given(purchased("cs_1", 1_000, 1_000))
                    .when(purchase("cs_2", 500, 600))
                    .expectEvents(purchased("cs_2", 500, 600));
        }

        @Test
        void a_free_purchase_is_a_lot_with_no_revenue() {
            fixture.givenNoPriorActivity().when(purchase("cs_1", 10, 0)).expectEvents(purchased("cs_1", 10, 0));
        }

        @Test
        void the_largest_lot_is_a_billion_credits() {
            fixture.givenNoPriorActivity()
                    .when(purchase("cs_1", CreditAccount.MAX_CREDITS_PER_LOT, 100))
                    .expectEvents(purchased("cs_1", CreditAccount.MAX_CREDITS_PER_LOT, 100));
        }

        @Test
        void a_payment_without_an_id_is_invalid_and_names_paymentId() {
            fixture.givenNoPriorActivity()
                    .when(purchase(" ", 10, 100))
                    .expectNoEvents()
                    .expectException(invalidNaming("paymentId"));
        }

        @Test
        void a_payment_with_a_null_id_is_invalid_and_names_paymentId() {
            fixture.givenNoPriorActivity()
                    .when(purchase(null, 10, 100))
                    .expectNoEvents()
                    .expectException(invalidNaming("paymentId"));
        }

        @Test
        void zero_credits_are_invalid_and_name_credits() {
            fixture.givenNoPriorActivity()
                    .when(purchase("cs_1", 0, 100))
                    .expectNoEvents()
                    .expectException(invalidNaming("credits"));
        }

        @Test
        void more_than_a_billion_credits_are_invalid_and_name_credits() {
            fixture.givenNoPriorActivity()
                    .when(purchase("cs_1", CreditAccount.MAX_CREDITS_PER_LOT + 1L, 100))
                    .expectNoEvents()
                    .expectException(invalidNaming("credits"));
        }

        @Test
        void a_negative_amount_is_invalid_and_names_amount() {
            fixture.givenNoPriorActivity()
                    .when(purchase("cs_1", 10, -1))
                    .expectNoEvents()
                    .expectException(invalidNaming("amountMinor"));
        }

        @Test
        void an_upper_case_currency_is_invalid_and_names_currency() {
            fixture.givenNoPriorActivity()
                    .when(new PurchaseCredits(ACCOUNT, "cs_1", 10, 100, "USD"))
                    .expectNoEvents()
                    .expectException(invalidNaming("currency"));
        }

        @Test
        void everything_wrong_at_once_names_every_field_in_order() {
            fixture.givenNoPriorActivity()
                    .when(new PurchaseCredits(ACCOUNT, "", 0, -5, null))
                    .expectNoEvents()
                    .expectException(invalidNaming("paymentId", "credits", "amountMinor", "currency"));
        }

        @Test
        void an_invalid_redelivery_of_a_credited_payment_is_still_invalid() {
            fixture.given(purchased("cs_1", 10, 100))
                    .when(purchase("cs_1", 0, 100))
                    .expectNoEvents()
                    .expectException(invalidNaming("credits"));
        }
    }

    @Nested
    class GrantCreditsCommand {

        @Test
        void a_grant_on_a_new_account_adds_a_lot_named_after_the_grant() {
            fixture.givenNoPriorActivity()
                    .when(grant("grant_1", 50))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(granted("grant_1", 50));
        }

        @Test
        void the_reason_is_recorded_without_surrounding_spaces() {
            fixture.givenNoPriorActivity()
                    .when(new GrantCredits(ACCOUNT, "grant_1", 50, "  welcome \n", ADMIN))
                    .expectEvents(granted("grant_1", 50));
        }

        @Test
        void the_same_grant_twice_adds_one_lot() {
            fixture.given(granted("grant_1", 50))
                    .when(grant("grant_1", 50))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void another_grant_adds_another_lot() {
            fixture.given(granted("grant_1", 50)).when(grant("grant_2", 20)).expectEvents(granted("grant_2", 20));
        }

        @Test
        void a_grant_without_an_id_is_invalid_and_names_grantId() {
            fixture.givenNoPriorActivity()
                    .when(grant("", 50))
                    .expectNoEvents()
                    .expectException(invalidNaming("grantId"));
        }

        @Test
        void a_grant_of_zero_credits_is_invalid_and_names_credits() {
            fixture.givenNoPriorActivity()
                    .when(grant("grant_1", 0))
                    .expectNoEvents()
                    .expectException(invalidNaming("credits"));
        }

        @Test
        void a_grant_without_a_reason_is_invalid_and_names_reason() {
            fixture.givenNoPriorActivity()
                    .when(new GrantCredits(ACCOUNT, "grant_1", 50, "   ", ADMIN))
                    .expectNoEvents()
                    .expectException(invalidNaming("reason"));
        }

        @Test
        void a_reason_of_500_characters_is_accepted() {
            String longest = "r".repeat(500);
            fixture.givenNoPriorActivity()
                    .when(new GrantCredits(ACCOUNT, "grant_1", 50, longest, ADMIN))
                    .expectEvents(new CreditsGranted(ACCOUNT, "lot_grant_1", 50, longest, ADMIN));
        }

        @Test
        void a_reason_of_501_characters_is_invalid_and_names_reason() {
            fixture.givenNoPriorActivity()
                    .when(new GrantCredits(ACCOUNT, "grant_1", 50, "r".repeat(501), ADMIN))
                    .expectNoEvents()
                    .expectException(invalidNaming("reason"));
        }

        @Test
        void everything_wrong_at_once_names_every_field_in_order() {
            fixture.givenNoPriorActivity()
                    .when(new GrantCredits(ACCOUNT, null, -1, null, ADMIN))
                    .expectNoEvents()
                    .expectException(invalidNaming("grantId", "credits", "reason"));
        }
    }

    @Nested
    class ReserveCreditsCommand {

        @Test
        void a_reservation_within_the_balance_holds_the_credits() {
            fixture.given(purchased("cs_1", 100, 1_000)).when(reserve(RUN, 60)).expectEvents(reserved(RUN, 60));
        }

        @Test
        void the_whole_balance_can_be_reserved() {
            fixture.given(purchased("cs_1", 100, 1_000)).when(reserve(RUN, 100)).expectEvents(reserved(RUN, 100));
        }

        @Test
        void one_credit_more_than_available_is_refused_naming_available_and_needed() {
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(reserve(RUN, 101))
                    .expectNoEvents()
                    .expectException(insufficient(100, 101))
                    .expectExceptionMessage(
                            "this needs 101 credits and 100 are available; buy credits or use billing BYOK");
        }

        @Test
        void credits_reserved_by_one_run_are_not_available_to_another() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 60))
                    .when(reserve(RUN_2, 41))
                    .expectNoEvents()
                    .expectException(insufficient(40, 41));
        }

        @Test
        void another_run_may_reserve_what_is_left() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 60))
                    .when(reserve(RUN_2, 40))
                    .expectEvents(reserved(RUN_2, 40));
        }

        @Test
        void granted_and_purchased_credits_are_available_together() {
            fixture.given(granted("grant_1", 30), purchased("cs_1", 20, 200))
                    .when(reserve(RUN, 50))
                    .expectEvents(reserved(RUN, 50));
        }

        @Test
        void the_same_run_reserving_twice_is_a_no_op() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 60))
                    .when(reserve(RUN, 60))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void the_same_run_reserving_again_for_more_than_is_available_is_still_a_no_op() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 60))
                    .when(reserve(RUN, 500))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_run_already_charged_does_not_reserve_again() {
            fixture.given(
                            purchased("cs_1", 100, 1_000),
                            reserved(RUN, 40),
                            charged(charge(RUN, cost("m1", 10_000)), 13, 0, use("lot_cs_1", 13, 130)),
                            released(RUN, 27))
                    .when(reserve(RUN, 40))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_run_whose_reservation_was_released_does_not_reserve_again() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40), released(RUN, 40))
                    .when(reserve(RUN, 40))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void released_credits_are_available_to_another_run() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 100), released(RUN, 100))
                    .when(reserve(RUN_2, 100))
                    .expectEvents(reserved(RUN_2, 100));
        }

        @Test
        void charged_credits_leave_the_balance() {
            // 100 bought, 13 charged: 87 left, all available
            fixture.given(
                            purchased("cs_1", 100, 1_000),
                            reserved(RUN, 40),
                            charged(charge(RUN, cost("m1", 10_000)), 13, 0, use("lot_cs_1", 13, 130)),
                            released(RUN, 27))
                    .when(reserve(RUN_2, 88))
                    .expectNoEvents()
                    .expectException(insufficient(87, 88));
        }

        @Test
        void refunded_credits_leave_the_balance() {
            fixture.given(purchased("cs_1", 100, 1_000), granted("grant_1", 5), refunded("lot_cs_1", 100, 1_000))
                    .when(reserve(RUN, 6))
                    .expectNoEvents()
                    .expectException(insufficient(5, 6));
        }

        @Test
        void an_account_that_never_bought_has_nothing_available() {
            fixture.givenNoPriorActivity()
                    .when(reserve(RUN, 1))
                    .expectNoEvents()
                    .expectException(insufficient(0, 1));
        }

        @Test
        void a_run_of_simulated_models_reserves_zero_even_on_a_new_account() {
            fixture.givenNoPriorActivity().when(reserve(RUN, 0)).expectEvents(reserved(RUN, 0));
        }

        @Test
        void a_negative_reservation_is_invalid_and_names_credits() {
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(reserve(RUN, -1))
                    .expectNoEvents()
                    .expectException(invalidNaming("credits"));
        }
    }

    @Nested
    class ChargeRunCommand {

        @Test
        void a_charge_takes_credits_first_in_first_out_across_purchased_and_granted_lots() {
            // 8,000 + 5,000 µ$ = 13,000 µ$ × 1.3 = 16,900 µ$ → 17 credits: all 10 of cs_a, all 5 of the grant, 2 of
            // cs_b
            ChargeRun charge = charge(RUN, cost("m1", 8_000), cost("j1", 5_000));
            fixture.given(
                            purchased("cs_a", 10, 1_000),
                            granted("grant_g", 5),
                            purchased("cs_b", 3, 1_000),
                            reserved(RUN, 20))
                    .when(charge)
                    .expectEvents(
                            charged(
                                    charge,
                                    17,
                                    0,
                                    use("lot_cs_a", 10, 1_000),
                                    use("lot_grant_g", 5, 0),
                                    use("lot_cs_b", 2, 666)),
                            released(RUN, 3));
        }

        @Test
        void the_rest_of_the_reservation_is_released() {
            // 10,000 µ$ × 1.3 = 13 credits of 40 reserved; 13 of a 100-credit $10 lot recognise 130 cents
            ChargeRun charge = charge(RUN, cost("m1", 10_000));
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40))
                    .when(charge)
                    .expectEvents(charged(charge, 13, 0, use("lot_cs_1", 13, 130)), released(RUN, 27));
        }

        @Test
        void a_charge_of_exactly_the_reservation_releases_nothing() {
            ChargeRun charge = charge(RUN, cost("m1", 10_000));
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 13))
                    .when(charge)
                    .expectEvents(charged(charge, 13, 0, use("lot_cs_1", 13, 130)));
        }

        @Test
        void successive_one_credit_charges_of_a_ten_dollar_three_credit_lot_recognise_333_333_334() {
            // 500 µ$ × 1.3 = 650 µ$ → 1 credit per run
            ChargeRun third = charge(RUN_3, cost("m1", 500));
            fixture.given(
                            purchased("cs_1", 3, 1_000),
                            reserved(RUN, 1),
                            charged(charge(RUN, cost("m1", 500)), 1, 0, use("lot_cs_1", 1, 333)),
                            reserved(RUN_2, 1),
                            charged(charge(RUN_2, cost("m1", 500)), 1, 0, use("lot_cs_1", 1, 333)),
                            reserved(RUN_3, 1))
                    .when(third)
                    .expectEvents(charged(third, 1, 0, use("lot_cs_1", 1, 334)));
        }

        @Test
        void a_partly_used_lot_keeps_its_place_and_pays_first() {
            // cs_1 has 2 of 3 credits left (333 recognised); 2,000 µ$ × 1.3 → 3 credits: 2 of cs_1 (1000 − 333), 1 of
            // cs_2 (⌊500/10⌋)
            ChargeRun charge = charge(RUN_2, cost("m1", 2_000));
            fixture.given(
                            purchased("cs_1", 3, 1_000),
                            reserved(RUN, 1),
                            charged(charge(RUN, cost("m1", 500)), 1, 0, use("lot_cs_1", 1, 333)),
                            purchased("cs_2", 10, 500),
                            reserved(RUN_2, 3))
                    .when(charge)
                    .expectEvents(charged(charge, 3, 0, use("lot_cs_1", 2, 667), use("lot_cs_2", 1, 50)));
        }

        @Test
        void a_used_up_lot_is_skipped() {
            ChargeRun charge = charge(RUN_2, cost("m1", 500));
            fixture.given(
                            purchased("cs_1", 1, 100),
                            reserved(RUN, 1),
                            charged(charge(RUN, cost("m1", 500)), 1, 0, use("lot_cs_1", 1, 100)),
                            granted("grant_1", 10),
                            reserved(RUN_2, 1))
                    .when(charge)
                    .expectEvents(charged(charge, 1, 0, use("lot_grant_1", 1, 0)));
        }

        @Test
        void the_cost_of_all_models_is_rounded_up_once_per_run() {
            // 3 × 300 µ$ = 900 µ$ × 1.3 = 1,170 µ$ → 2 credits (3 if each call were rounded)
            ChargeRun charge = charge(RUN, cost("m1", 300), cost("m2", 300), cost("j1", 300));
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 10))
                    .when(charge)
                    .expectEvents(charged(charge, 2, 0, use("lot_cs_1", 2, 20)), released(RUN, 8));
        }

        @Test
        void a_run_that_cost_nothing_is_charged_zero_and_its_reservation_released() {
            ChargeRun charge = charge(RUN, cost("m1", 0));
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40))
                    .when(charge)
                    .expectEvents(charged(charge, 0, 0), released(RUN, 40));
        }

        @Test
        void a_charge_above_the_reservation_is_capped_and_records_the_uncovered_cost() {
            // 5,000 µ$ × 1.3 → 7 credits due, 5 reserved; 5 credits cover 3,846 µ$ (4,999.8 → 5), so 1,154 µ$ are
            // uncovered
            ChargeRun charge = charge(RUN, cost("m1", 4_000), cost("j1", 1_000));
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 5))
                    .when(charge)
                    .expectEvents(charged(charge, 5, 1_154, use("lot_cs_1", 5, 50)));
        }

        @Test
        void a_charge_against_a_zero_reservation_charges_nothing_and_leaves_all_the_cost_uncovered() {
            ChargeRun charge = charge(RUN, cost("m1", 1_000));
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 0))
                    .when(charge)
                    .expectEvents(charged(charge, 0, 1_000));
        }

        @Test
        void a_charge_leaves_the_reservations_of_other_runs_held() {
            // 100 bought, RUN holds 30; RUN_2 is charged 13 and releases 17: 87 − 30 = 57 available
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 30), reserved(RUN_2, 30))
                    .andGivenCommands(charge(RUN_2, cost("m1", 10_000)))
                    .when(reserve(RUN_3, 58))
                    .expectNoEvents()
                    .expectException(insufficient(57, 58));
        }

        @Test
        void a_second_charge_of_the_same_run_does_nothing() {
            fixture.given(
                            purchased("cs_1", 100, 1_000),
                            reserved(RUN, 40),
                            charged(charge(RUN, cost("m1", 10_000)), 13, 0, use("lot_cs_1", 13, 130)),
                            released(RUN, 27))
                    .when(charge(RUN, cost("m1", 10_000)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_second_charge_after_a_charge_of_the_whole_reservation_does_nothing() {
            fixture.given(
                            purchased("cs_1", 100, 1_000),
                            reserved(RUN, 13),
                            charged(charge(RUN, cost("m1", 10_000)), 13, 0, use("lot_cs_1", 13, 130)))
                    .when(charge(RUN, cost("m1", 20_000)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_charge_for_a_run_never_reserved_does_nothing() {
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(charge(RUN, cost("m1", 10_000)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_charge_on_an_account_that_never_existed_does_nothing() {
            fixture.givenNoPriorActivity()
                    .when(charge(RUN, cost("m1", 10_000)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_charge_after_the_reservation_was_released_does_nothing() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40), released(RUN, 40))
                    .when(charge(RUN, cost("m1", 10_000)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class ReleaseReservationCommand {

        @Test
        void a_dangling_reservation_is_released_in_full() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40))
                    .when(release(RUN))
                    .expectEvents(released(RUN, 40));
        }

        @Test
        void only_the_named_runs_reservation_is_released() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40), reserved(RUN_2, 60))
                    .when(release(RUN_2))
                    .expectEvents(released(RUN_2, 60));
        }

        @Test
        void a_run_without_a_reservation_has_nothing_to_release() {
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(release(RUN))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_charged_run_has_nothing_left_to_release() {
            fixture.given(
                            purchased("cs_1", 100, 1_000),
                            reserved(RUN, 40),
                            charged(charge(RUN, cost("m1", 10_000)), 13, 0, use("lot_cs_1", 13, 130)),
                            released(RUN, 27))
                    .when(release(RUN))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void releasing_twice_releases_once() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40), released(RUN, 40))
                    .when(release(RUN))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void an_account_that_never_existed_is_not_found() {
            fixture.givenNoPriorActivity()
                    .when(release(RUN))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class RefundLotCommand {

        @Test
        void an_unused_lot_is_refunded_in_full() {
            fixture.given(purchased("cs_1", 3, 1_000))
                    .when(refund("lot_cs_1"))
                    .expectEvents(refunded("lot_cs_1", 3, 1_000));
        }

        @Test
        void a_partly_used_lot_refunds_the_rest_of_its_cumulative_floor() {
            // 1 of 3 credits charged recognised 333 cents: the other 2 refund 1000 − 333 = 667
            fixture.given(
                            purchased("cs_1", 3, 1_000),
                            reserved(RUN, 1),
                            charged(charge(RUN, cost("m1", 500)), 1, 0, use("lot_cs_1", 1, 333)))
                    .when(refund("lot_cs_1"))
                    .expectEvents(refunded("lot_cs_1", 2, 667));
        }

        @Test
        void reserved_credits_are_not_refunded() {
            // 10 credits for $10.00, 4 reserved: 6 credits refund ⌊1000 × 6 / 10⌋ = 600
            fixture.given(purchased("cs_1", 10, 1_000), reserved(RUN, 4))
                    .when(refund("lot_cs_1"))
                    .expectEvents(refunded("lot_cs_1", 6, 600));
        }

        @Test
        void reservations_keep_the_oldest_credits_so_a_newer_lot_refunds_only_what_they_leave() {
            // 200 credits in two lots, 150 reserved: the reservation will be charged from cs_1 (100) and 50 of cs_2
            fixture.given(purchased("cs_1", 100, 1_000), purchased("cs_2", 100, 2_000), reserved(RUN, 150))
                    .when(refund("lot_cs_2"))
                    .expectEvents(refunded("lot_cs_2", 50, 1_000));
        }

        @Test
        void an_old_lot_a_reservation_will_draw_on_is_not_refundable() {
            fixture.given(purchased("cs_1", 100, 1_000), purchased("cs_2", 100, 2_000), reserved(RUN, 150))
                    .when(refund("lot_cs_1"))
                    .expectNoEvents()
                    .expectException(CreditException.StateConflict.class);
        }

        @Test
        void after_a_refund_in_the_middle_the_lot_still_recognises_exactly_its_amount() {
            // 2 of 3 reserved: the refund takes 1 credit (333); the run then charges the last 2 for 1000 − 333 = 667
            ChargeRun charge = charge(RUN, cost("m1", 1_000));
            fixture.given(purchased("cs_1", 3, 1_000), reserved(RUN, 2), refunded("lot_cs_1", 1, 333))
                    .when(charge)
                    .expectEvents(charged(charge, 2, 0, use("lot_cs_1", 2, 667)));
        }

        @Test
        void a_granted_lot_is_not_refundable() {
            fixture.given(granted("grant_1", 50))
                    .when(refund("lot_grant_1"))
                    .expectNoEvents()
                    .expectException(CreditException.StateConflict.class);
        }

        @Test
        void an_unknown_lot_is_not_found() {
            fixture.given(purchased("cs_1", 3, 1_000))
                    .when(refund("lot_cs_9"))
                    .expectNoEvents()
                    .expectException(CreditException.LotNotFound.class)
                    .expectExceptionMessage("no lot lot_cs_9 in this account");
        }

        @Test
        void a_used_up_lot_has_nothing_to_refund() {
            fixture.given(
                            purchased("cs_1", 3, 1_000),
                            reserved(RUN, 3),
                            charged(charge(RUN, cost("m1", 2_000)), 3, 0, use("lot_cs_1", 3, 1_000)))
                    .when(refund("lot_cs_1"))
                    .expectNoEvents()
                    .expectException(CreditException.StateConflict.class);
        }

        @Test
        void a_refunded_lot_has_nothing_more_to_refund() {
            fixture.given(purchased("cs_1", 3, 1_000), refunded("lot_cs_1", 3, 1_000))
                    .when(refund("lot_cs_1"))
                    .expectNoEvents()
                    .expectException(CreditException.StateConflict.class);
        }

        @Test
        void a_lot_whose_credits_are_all_reserved_has_nothing_to_refund() {
            fixture.given(purchased("cs_1", 3, 1_000), reserved(RUN, 3))
                    .when(refund("lot_cs_1"))
                    .expectNoEvents()
                    .expectException(CreditException.StateConflict.class);
        }

        @Test
        void an_account_that_never_existed_is_not_found() {
            fixture.givenNoPriorActivity()
                    .when(refund("lot_cs_1"))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    /** The executor crashed after the reservation: the run is resumed, ends later and is charged then. */
    @Nested
    class CrashBetweenReservationAndCharge {

        @Test
        void the_run_is_charged_when_it_ends_after_the_restart() {
            ChargeRun charge = charge(RUN, cost("m1", 10_000));
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40))
                    .when(charge)
                    .expectEvents(charged(charge, 13, 0, use("lot_cs_1", 13, 130)), released(RUN, 27));
        }

        @Test
        void a_charge_delivered_twice_after_the_restart_charges_once() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40))
                    .andGivenCommands(charge(RUN, cost("m1", 10_000)))
                    .when(charge(RUN, cost("m1", 10_000)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void the_reservation_redelivered_after_the_restart_holds_nothing_more() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40))
                    .andGivenCommands(reserve(RUN, 40))
                    .when(reserve(RUN_2, 60))
                    .expectEvents(reserved(RUN_2, 60));
        }
    }

    @Nested
    class ClawBackPaymentCommand {

        private final ClawbackCause refund = ClawbackCause.REFUND;
        private final ClawbackCause dispute = ClawbackCause.DISPUTE;

        private ClawBackPayment clawBack(ClawbackCause cause, long reversedMinor) {
            return new ClawBackPayment(ACCOUNT, "cs_1", cause, reversedMinor, "usd");
        }

        private CreditsClawedBack clawedBack(
                ClawbackCause cause, long reversedMinor, long credits, long amountMinor, long owed) {
            return new CreditsClawedBack(
                    ACCOUNT, "lot_cs_1", "cs_1", cause, reversedMinor, credits, amountMinor, "usd", owed);
        }

        @Test
        void a_full_refund_of_an_unspent_purchase_takes_all_its_credits_back() {
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(clawBack(refund, 1_000))
                    .expectEvents(clawedBack(refund, 1_000, 100, 1_000, 0));
        }

        @Test
        void a_partial_refund_takes_back_the_credits_its_money_bought_rounded_up() {
            // $3.33 of $10.00 bought ⌈100 × 333 ÷ 1,000⌉ = 34 credits, whose unrecognised price is ⌊1,000 × 34 ÷ 100⌋ =
            // 340
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(clawBack(refund, 333))
                    .expectEvents(clawedBack(refund, 333, 34, 340, 0));
        }

        @Test
        void a_refund_delivered_again_takes_nothing_more() {
            fixture.given(purchased("cs_1", 100, 1_000), clawedBack(refund, 1_000, 100, 1_000, 0))
                    .when(clawBack(refund, 1_000))
                    .expectNoEvents();
        }

        @Test
        void a_dispute_after_a_partial_refund_takes_back_what_the_rest_of_the_money_bought() {
            fixture.given(purchased("cs_1", 100, 1_000), clawedBack(refund, 400, 40, 400, 0))
                    .when(clawBack(dispute, 600))
                    .expectEvents(clawedBack(dispute, 600, 60, 600, 0));
        }

        @Test
        void a_refund_an_admin_made_by_hand_takes_nothing_more_when_the_provider_reports_it() {
            fixture.given(purchased("cs_1", 100, 1_000), refunded("lot_cs_1", 100, 1_000))
                    .when(clawBack(refund, 1_000))
                    .expectNoEvents();
        }

        @Test
        void spent_credits_are_owed_and_the_balance_does_not_go_below_zero() {
            ChargeRun charge = charge(RUN, cost("m", 23_077));
            fixture.given(
                            purchased("cs_1", 100, 1_000),
                            reserved(RUN, 40),
                            charged(charge, 30, 0, use("lot_cs_1", 30, 300)),
                            released(RUN, 10))
                    .when(clawBack(dispute, 1_000))
                    .expectEvents(clawedBack(dispute, 1_000, 70, 700, 30));
        }

        @Test
        void credits_held_for_a_run_are_owed_too() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40))
                    .when(clawBack(refund, 1_000))
                    .expectEvents(clawedBack(refund, 1_000, 60, 600, 40));
        }

        @Test
        void what_a_run_releases_pays_what_is_owed() {
            fixture.given(purchased("cs_1", 100, 1_000), reserved(RUN, 40), clawedBack(refund, 1_000, 60, 600, 40))
                    .when(release(RUN))
                    .expectEvents(
                            released(RUN, 40),
                            new OwedCreditsRecovered(ACCOUNT, 40, List.of(use("lot_cs_1", 40, 400))));
        }

        @Test
        void other_credits_of_the_account_pay_what_is_owed_at_once() {
            ChargeRun charge = charge(RUN, cost("m", 76_923));
            fixture.given(
                            purchased("cs_1", 100, 1_000),
                            reserved(RUN, 100),
                            charged(charge, 100, 0, use("lot_cs_1", 100, 1_000)),
                            granted("g", 30))
                    .when(clawBack(refund, 1_000))
                    .expectEvents(
                            clawedBack(refund, 1_000, 0, 0, 100),
                            new OwedCreditsRecovered(ACCOUNT, 30, List.of(use("lot_g", 30, 0))));
        }

        @Test
        void an_account_that_owes_reserves_nothing() {
            fixture.given(spentThenDisputed())
                    .when(reserve(RUN_2, 0))
                    .expectException(CreditException.Owing.class)
                    .expectNoEvents();
        }

        /** The purchase's 100 credits were all spent by a run, then the payment was disputed. */
        private Object[] spentThenDisputed() {
            ChargeRun charge = charge(RUN, cost("m", 76_923));
            return new Object[] {
                purchased("cs_1", 100, 1_000),
                reserved(RUN, 100),
                charged(charge, 100, 0, use("lot_cs_1", 100, 1_000)),
                clawedBack(dispute, 1_000, 0, 0, 100)
            };
        }

        @Test
        void a_grant_pays_what_is_owed_first() {
            fixture.given(spentThenDisputed())
                    .when(grant("g", 150))
                    .expectEvents(
                            granted("g", 150), new OwedCreditsRecovered(ACCOUNT, 100, List.of(use("lot_g", 100, 0))));
        }

        @Test
        void an_admin_settles_what_is_owed() {
            fixture.given(spentThenDisputed())
                    .when(new SettleOwedCredits(ACCOUNT, "paid by bank transfer", ADMIN))
                    .expectEvents(new OwedCreditsSettled(ACCOUNT, 100, "paid by bank transfer", ADMIN))
                    .expectResultMessagePayload(100L);
        }

        @Test
        void an_account_that_owes_nothing_has_nothing_to_settle() {
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(new SettleOwedCredits(ACCOUNT, "nothing", ADMIN))
                    .expectException(CreditException.StateConflict.class);
        }

        @Test
        void a_refund_in_another_currency_is_refused() {
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(new ClawBackPayment(ACCOUNT, "cs_1", refund, 1_000, "eur"))
                    .expectException(CreditException.StateConflict.class);
        }

        @Test
        void a_refund_of_a_payment_never_credited_is_refused() {
            fixture.given(purchased("cs_1", 100, 1_000))
                    .when(new ClawBackPayment(ACCOUNT, "cs_9", refund, 1_000, "usd"))
                    .expectException(CreditException.LotNotFound.class);
        }
    }
}
