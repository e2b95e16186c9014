package io.benchmarkhub.api.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.mail.*}: how the outbox is sent. The SMTP server itself is {@code spring.mail.host}, {@code port},
 * {@code username}, {@code password}; without a host, mail waits in the outbox until one is configured.
 *
 * @param from          the sender address
 * @param pollInterval  how often each instance looks for mail to send
 * @param batchSize     mails sent per look
 * @param maxRetryDelay a failed send is retried after 10 s, doubling, at most this long apart
 */
@ConfigurationProperties("benchmarkhub.mail")
record MailProperties(
        @DefaultValue("BenchmarkHub <no-reply@benchmarkhub.local>")
        String from,

        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("30m") Duration maxRetryDelay) {}
