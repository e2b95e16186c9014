package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The workspace screens end to end: web/e2e/workspaces.e2e.mjs drives Debian's Chromium as an owner who creates a
 * workspace, buys it credits through the local Stripe stand-in, invites a second user by email and creates a private
 * benchmark in it; the invitation mail is caught by the real SMTP server (GreenMail) and its link handed to the script,
 * where the second user accepts it and sees the benchmark; the owner then sets the member's spend limit and role, and
 * on Team opens the stand-in's customer portal from "Manage plan" and sees the cancellation Stripe reports.
 * Screenshots land in api/target/screenshots (w*.png). Needs Node 20+ and /usr/bin/chromium, as WebAppEndToEndTest.
 */
class WorkspacesEndToEndTest extends ApiTestBase {

    @Test
    void an_owner_invites_a_member_who_accepts_in_chromium_and_sees_the_workspace_benchmark() throws Exception {
        Caller owner = createUser("wsowner");
        Caller invitee = createUser("wsmember");
        String email = "invitee-" + UUID.randomUUID() + "@example.org";
        Path mailbox = Files.createTempDirectory("web-e2e-invitation-");
        Thread waiter =
                Thread.ofVirtual().start(() -> deliverInvitationLink(email, mailbox.resolve("invitation-link.txt")));

        ProcessBuilder node = new ProcessBuilder("node", "e2e/workspaces.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        STRIPE.connect("http://localhost:" + port, WEBHOOK_SECRET);
        node.environment().put("STRIPE_URL", STRIPE.baseUrl());
        node.environment().put("OWNER_TOKEN", owner.token());
        node.environment().put("INVITEE_TOKEN", invitee.token());
        node.environment().put("INVITEE_EMAIL", email);
        node.environment().put("MAILBOX", mailbox.toString());
        node.environment().put("WEBHOOK_SECRET", WEBHOOK_SECRET);
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-workspaces-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        waiter.interrupt();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all workspace screens passed");
        for (String shot : new String[] {
            "w1-workspace-owner.png",
            "w2-workspace-phone.png",
            "w3-invitation.png",
            "w4-workspace-member.png",
            "w5-members-changed.png",
            "w6-workspace-team.png",
            "w7-workspace-cancels.png",
            "w8-account-pro.png"
        }) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
        // what the browser did is what the server holds
        var workspaces = get("/api/workspaces", invitee).body().get("items");
        assertThat(workspaces).hasSize(1);
        assertThat(workspaces.get(0).get("role").asText()).isEqualTo("VIEWER");
        String workspace = workspaces.get(0).get("id").asText();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM benchmark WHERE workspace_id = ?", Long.class, workspace))
                .as("the benchmark made in the browser and the one made for the member's run are the workspace's")
                .isEqualTo(2);
        assertThat(get("/api/runs?workspaceId=" + workspace, invitee)
                        .body()
                        .get("total")
                        .asLong())
                .as("the member's run is the workspace's")
                .isEqualTo(1);
        assertThat(get("/api/workspaces/" + workspace + "/credits/balance", invitee)
                        .body()
                        .get("balance")
                        .asLong())
                .isEqualTo(100);
    }

    /** Waits for the invitation mail to {@code email} and writes the path of its link to {@code file}. */
    private static void deliverInvitationLink(String email, Path file) {
        var link = java.util.regex.Pattern.compile("https?://[^/\\s]+(/invitations/wsinv_[A-Za-z0-9_-]+)");
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (var message : MAIL.getReceivedMessages()) {
                    var to = message.getRecipients(jakarta.mail.Message.RecipientType.TO);
                    if (to == null
                            || java.util.Arrays.stream(to)
                                    .noneMatch(a -> a.toString().equalsIgnoreCase(email))) continue;
                    var matcher = link.matcher(message.getContent().toString());
                    if (matcher.find()) {
                        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                        Files.writeString(tmp, matcher.group(1));
                        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        return;
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
