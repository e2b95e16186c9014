package io.benchmarkhub.api.mail;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Mail to send, written in the same transaction as the change that causes it ({@code mail_outbox}); the
 * mail sender delivers it over SMTP later and retries while the server is away, so an outage loses nothing.
 */
@Component
public class MailOutbox {

    private final JdbcTemplate jdbc;

    public MailOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void enqueue(String recipient, String subject, String body) {
        jdbc.update("INSERT INTO mail_outbox (recipient, subject, body) VALUES (?, ?, ?)", recipient, subject, body);
    }
}
