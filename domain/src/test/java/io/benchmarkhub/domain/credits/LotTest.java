package io.benchmarkhub.domain.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LotTest {

    /** $10.00 for 3 credits: 333⅓ cents a credit. */
    private static Lot tenDollarsForThree() {
        return new Lot("lot_cs_1", 3, 1_000, "usd", 0);
    }

    @Test
    void uses_of_one_one_one_recognise_333_333_334() {
        Lot lot = tenDollarsForThree();
        assertThat(lot.amountForNext(1)).isEqualTo(333);
        lot = lot.use(1);
        assertThat(lot.amountForNext(1)).isEqualTo(333);
        lot = lot.use(1);
        assertThat(lot.amountForNext(1)).isEqualTo(334);
        assertThat(lot.use(1).remaining()).isZero();
    }

    @Test
    void uses_of_two_then_one_recognise_666_then_334() {
        Lot lot = tenDollarsForThree();
        assertThat(lot.amountForNext(2)).isEqualTo(666);
        assertThat(lot.use(2).amountForNext(1)).isEqualTo(334);
    }

    @Test
    void uses_of_one_then_two_recognise_333_then_667() {
        Lot lot = tenDollarsForThree();
        assertThat(lot.amountForNext(1)).isEqualTo(333);
        assertThat(lot.use(1).amountForNext(2)).isEqualTo(667);
    }

    @Test
    void using_the_whole_lot_at_once_recognises_its_amount() {
        assertThat(tenDollarsForThree().amountForNext(3)).isEqualTo(1_000);
    }

    @Test
    void a_refund_in_the_middle_takes_the_middle_share_and_the_lot_still_sums_to_its_amount() {
        // charge 1 (333), refund 1 (⌊2000/3⌋ − 333 = 333), charge 1 (1000 − 666 = 334)
        Lot lot = tenDollarsForThree();
        long charged = lot.amountForNext(1);
        lot = lot.use(1);
        long refunded = lot.amountForNext(1);
        lot = lot.use(1);
        long chargedAgain = lot.amountForNext(1);
        assertThat(List.of(charged, refunded, chargedAgain)).containsExactly(333L, 333L, 334L);
        assertThat(charged + refunded + chargedAgain).isEqualTo(1_000);
    }

    @Test
    void every_split_of_a_lot_sums_to_exactly_its_amount() {
        // all 2⁶ = 64 ways to use a 7-credit lot of 1,001 cents in consecutive parts
        for (List<Integer> parts : compositions(7)) {
            Lot lot = new Lot("lot_cs_7", 7, 1_001, "usd", 0);
            long recognised = 0;
            for (int part : parts) {
                recognised += lot.amountForNext(part);
                lot = lot.use(part);
            }
            assertThat(recognised).as("split %s", parts).isEqualTo(1_001);
        }
    }

    @Test
    void a_use_recognises_the_difference_of_the_cumulative_floors() {
        // 7 credits for 1,001 cents, 2 used: ⌊1001 × 5 / 7⌋ − ⌊1001 × 2 / 7⌋ = 715 − 286 = 429
        assertThat(new Lot("lot_cs_7", 7, 1_001, "usd", 2).amountForNext(3)).isEqualTo(429);
    }

    @Test
    void a_granted_lot_recognises_nothing() {
        Lot grant = new Lot("lot_grant_1", 50, 0, "usd", 0);
        assertThat(grant.amountForNext(17)).isZero();
        assertThat(grant.use(17).amountForNext(33)).isZero();
    }

    @Test
    void using_nothing_recognises_nothing() {
        assertThat(tenDollarsForThree().use(1).amountForNext(0)).isZero();
    }

    @Test
    void amounts_whose_product_with_credits_overflows_a_long_are_exact() {
        // (2⁶³ − 1) = 3 × 3,074,457,345,618,258,602 + 1: the last third takes the extra unit
        Lot lot = new Lot("lot_big", 3, Long.MAX_VALUE, "usd", 0);
        assertThat(lot.amountForNext(1)).isEqualTo(3_074_457_345_618_258_602L);
        assertThat(lot.use(1).amountForNext(1)).isEqualTo(3_074_457_345_618_258_602L);
        assertThat(lot.use(2).amountForNext(1)).isEqualTo(3_074_457_345_618_258_603L);
    }

    @Test
    void remaining_is_credits_less_used() {
        assertThat(new Lot("lot_cs_1", 10, 500, "usd", 4).remaining()).isEqualTo(6);
    }

    @Test
    void using_more_than_remains_or_a_negative_number_is_refused() {
        Lot lot = tenDollarsForThree().use(2);
        assertThatThrownBy(() -> lot.use(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use 2 of 1 credits left");
        assertThatThrownBy(() -> lot.amountForNext(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_lot_needs_credits_a_non_negative_amount_and_used_within_its_credits() {
        assertThatThrownBy(() -> new Lot("l", 0, 100, "usd", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lot("l", 1, -1, "usd", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lot("l", 1, 100, "usd", 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lot("l", 1, 100, "usd", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lot(null, 1, 100, "usd", 0)).isInstanceOf(NullPointerException.class);
    }

    /** Every way to write n as an ordered sum of positive parts. */
    private static List<List<Integer>> compositions(int n) {
        var all = new ArrayList<List<Integer>>();
        for (int cuts = 0; cuts < 1 << (n - 1); cuts++) {
            var parts = new ArrayList<Integer>();
            int part = 1;
            for (int i = 0; i < n - 1; i++) {
                if ((cuts & 1 << i) != 0) {
                    parts.add(part);
                    part = 1;
                } else {
                    part++;
                }
            }
            parts.add(part);
            all.add(parts);
        }
        return all;
    }
}
