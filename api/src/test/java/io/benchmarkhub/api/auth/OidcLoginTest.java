package io.benchmarkhub.api.auth;

import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.PASSWORD;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.signUpJson;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The whole OIDC authorization-code flow against a real provider on a local port ({@link OidcTestProvider}): a new
 * person gets an account, a verified email links to the account that verified it, an unverified one is refused.
 */
class OidcLoginTest extends ApiTestBase {

    private final HttpClient provider = HttpClient.newHttpClient();

    /** Follows the redirects a browser would: app → provider → app. Returns the app's last answer. */
    private Browser.Response signInWithProvider(Browser browser, OidcTestProvider.Person person)
            throws IOException, InterruptedException {
        OIDC.nextUser(person);
        var start = browser.get("/oauth2/authorization/test");
        assertThat(start.status()).isEqualTo(302);
        String authorize = start.header("Location");
        assertThat(authorize)
                .startsWith(OIDC.issuer() + "/authorize")
                .contains("nonce=")
                .contains("state=");
        var atProvider = provider.send(
                HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(atProvider.statusCode()).isEqualTo(302);
        URI callback = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/login/oauth2/code/test");
        return browser.get(callback.getRawPath() + "?" + callback.getRawQuery());
    }

    @Test
    void the_sign_in_screen_learns_the_configured_providers_and_the_sign_up_mode_without_signing_in() throws Exception {
        var options = new Browser(mapper, () -> port).get("/api/auth/options");
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.body().get("signUp").asText()).isEqualTo("OPEN");
        assertThat(options.body().get("passwordMinLength").asInt()).isEqualTo(12);
        assertThat(options.body().get("providers")).hasSize(1);
        assertThat(options.body().get("providers").get(0).get("id").asText()).isEqualTo("test");
        assertThat(options.body().get("providers").get(0).get("name").asText()).isEqualTo("Test");
        // ids and names only: no client secret, no issuer
        assertThat(options.body().toString())
                .doesNotContain(OidcTestProvider.CLIENT_SECRET)
                .doesNotContain("issuer");
    }

    @Test
    void a_new_person_signs_in_with_the_provider_and_gets_a_verified_account() throws Exception {
        var browser = new Browser(mapper, () -> port);
        String name = unique("vic");
        var back = signInWithProvider(
                browser, new OidcTestProvider.Person("sub-" + name, name + "@example.org", true, "Vic Example"));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("Location")).isEqualTo("http://localhost:8080/");

        var me = browser.get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("email").asText()).isEqualTo(name + "@example.org");
        assertThat(me.body().get("emailVerified").asBoolean()).isTrue();
        assertThat(me.body().get("hasPassword").asBoolean()).isFalse();
        assertThat(me.body().get("handle").asText()).startsWith(name);

        // the same person again: the same account
        var again = new Browser(mapper, () -> port);
        signInWithProvider(
                again, new OidcTestProvider.Person("sub-" + name, name + "@example.org", true, "Vic Example"));
        assertThat(again.get("/api/auth/me").body().get("id").asText())
                .isEqualTo(me.body().get("id").asText());
    }

    @Test
    void a_verified_email_links_to_the_account_that_verified_it() throws Exception {
        String handle = unique("wes");
        String email = handle + "@example.org";
        var withPassword = new Browser(mapper, () -> port);
        assertThat(withPassword
                        .post("/api/auth/signup", signUpJson(handle, email, PASSWORD))
                        .status())
                .isEqualTo(201);
        String id = withPassword.get("/api/auth/me").body().get("id").asText();

        // not yet verified: the provider's word alone does not take the account over
        var early = new Browser(mapper, () -> port);
        var refused = signInWithProvider(early, new OidcTestProvider.Person("sub-" + handle, email, true, "Wes"));
        assertThat(refused.header("Location"))
                .isEqualTo("http://localhost:8080/sign-in?error=account_email_not_verified");
        assertThat(early.get("/api/auth/me").status()).isEqualTo(401);

        String token = MailFlowsTest.token(MailFlowsTest.awaitMail(email, "Verify your email"), "/verify-email");
        assertThat(withPassword
                        .post("/api/auth/verify-email", "{\"token\": \"" + token + "\"}")
                        .status())
                .isEqualTo(200);

        var linked = new Browser(mapper, () -> port);
        assertThat(signInWithProvider(
                                linked, new OidcTestProvider.Person("sub-" + handle, email.toUpperCase(), true, "Wes"))
                        .status())
                .isEqualTo(302);
        var me = linked.get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("id").asText()).isEqualTo(id);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_identity WHERE user_id = ?", Long.class, id))
                .isEqualTo(1);
    }

    @Test
    void an_unverified_email_from_the_provider_is_refused_and_makes_no_account() throws Exception {
        var browser = new Browser(mapper, () -> port);
        String name = unique("xia");
        var back = signInWithProvider(
                browser, new OidcTestProvider.Person("sub-" + name, name + "@example.org", false, "Xia"));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("Location")).isEqualTo("http://localhost:8080/sign-in?error=email_not_verified");
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM app_user WHERE email = ?", Long.class, name + "@example.org"))
                .isZero();
    }
}
