package io.benchmarkhub.api.webapp;

import io.benchmarkhub.api.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credits and releases screens end to end: web/e2e/money.e2e.mjs drives Debian's Chromium through the credits page
 * (balance and ledger after an admin's grant, reached from the user menu). Screenshots land in api/target/screenshots
 * (m*.png). Needs Node 20+ and /usr/bin/chromium, as WebAppEndToEndTest.
 */
class MoneyEndToEndTest extends ApiTestBase {

    @Test
    void a_person_reads_credits_and_manages_releases_in_chromium() throws Exception {
        Caller carol = createUser("carol");
        var granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN,
                "{\"accountId\": \"acct_" + carol.id() + "\", \"credits\": 1500, \"reason\": \"welcome credits\"}");
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);

        ProcessBuilder node = new ProcessBuilder("node", "e2e/money.e2e.mjs").directory(WebAppEndToEndTest.WEB.toFile()).redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("API_TOKEN", carol.token());
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-money-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all money screens passed");
        for (String shot : new String[]{"m1-credits.png", "m2-credits-phone.png"}) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
    }
}
