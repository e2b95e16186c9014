package io.benchmarkhub.api.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says where the app listens once it is ready to serve, so the first start needs no guessing. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
            String base = "http://localhost:" + web.getWebServer().getPort();
            log.info(
                    "BenchmarkHub is ready at {} (API docs: {}/swagger-ui.html, health: {}/actuator/health)",
                    base,
                    base,
                    base);
        }
    }
}
