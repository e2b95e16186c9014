package io.benchmarkhub.domain.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.user.UserId;
import org.junit.jupiter.api.Test;

class AccountIdTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_users_account_is_acct_followed_by_the_user_id() {
        assertThat(AccountId.of(new UserId("usr_42")).value()).isEqualTo("acct_usr_42");
    }

    @Test
    void the_user_is_read_back_from_the_account_id() {
        assertThat(new AccountId("acct_usr_42").user()).isEqualTo(new UserId("usr_42"));
    }

    @Test
    void to_string_is_the_raw_value_because_axon_uses_it_as_the_aggregate_id() {
        assertThat(new AccountId("acct_usr_42")).hasToString("acct_usr_42");
    }

    @Test
    void an_id_without_the_prefix_or_with_nothing_after_it_is_refused() {
        assertThatThrownBy(() -> new AccountId("usr_42"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usr_42");
        assertThatThrownBy(() -> new AccountId("acct_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccountId("ACCT_usr_42")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccountId(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void in_json_it_is_a_plain_string_both_ways() throws Exception {
        assertThat(json.writeValueAsString(new AccountId("acct_usr_42"))).isEqualTo("\"acct_usr_42\"");
        assertThat(json.readValue("\"acct_usr_42\"", AccountId.class)).isEqualTo(new AccountId("acct_usr_42"));
    }
}
