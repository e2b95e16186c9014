package io.benchmarkhub.api.mail;

import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the mail outbox over SMTP. Each instance looks every poll interval and takes due rows with
 * {@code FOR UPDATE SKIP LOCKED}, so two instances never send one mail twice and a row is marked sent only after the
 * server took it. A failed send stays in the outbox and is retried with a doubling delay: an SMTP outage delays mail,
 * it does not lose it. Logs name the outbox id and the error class, never the recipient or the body (which holds links).
 */
@Component
public class OutboxMailSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxMailSender.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final MailProperties properties;
    private ScheduledExecutorService executor;

    public OutboxMailSender(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            ObjectProvider<JavaMailSender> mailSender,
            MailProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.mailSender = mailSender;
        this.properties = properties;
    }

    private record Mail(long id, String recipient, String subject, String body, int attempts) {}

    /** Sends what is due now; returns how many were sent. */
    public int sendDue() {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) return 0;
        Integer sent = tx.execute(status -> {
            var due = jdbc.query(
                    """
                            SELECT id, recipient, subject, body, attempts FROM mail_outbox
                             WHERE sent_at IS NULL AND next_attempt_at <= now()
                             ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
                    (rs, n) -> new Mail(
                            rs.getLong("id"),
                            rs.getString("recipient"),
                            rs.getString("subject"),
                            rs.getString("body"),
                            rs.getInt("attempts")),
                    properties.batchSize());
            int count = 0;
            for (Mail mail : due) {
                try {
                    var message = sender.createMimeMessage();
                    var helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
                    helper.setFrom(new InternetAddress(properties.from()));
                    helper.setTo(mail.recipient());
                    helper.setSubject(mail.subject());
                    helper.setText(mail.body(), false);
                    sender.send(message);
                    jdbc.update(
                            "UPDATE mail_outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ?", mail.id());
                    count++;
                } catch (MailException | jakarta.mail.MessagingException e) {
                    long delay = Math.min(
                            10L << Math.min(mail.attempts(), 20),
                            properties.maxRetryDelay().toSeconds());
                    jdbc.update(
                            "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
                            (double) delay,
                            mail.id());
                    log.warn(
                            "Mail {} not sent (attempt {}), retried in {} s: {}",
                            mail.id(),
                            mail.attempts() + 1,
                            delay,
                            e.getClass().getSimpleName());
                }
            }
            return count;
        });
        return sent == null ? 0 : sent;
    }

    @Override
    public void start() {
        if (mailSender.getIfAvailable() == null) {
            log.warn("No SMTP server configured (spring.mail.host): mail waits in the outbox until one is.");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mail-outbox");
            t.setDaemon(true);
            return t;
        });
        long every = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        sendDue();
                    } catch (RuntimeException e) {
                        log.warn("Mail outbox pass failed: {}", e.getClass().getSimpleName());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) executor.shutdownNow();
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
