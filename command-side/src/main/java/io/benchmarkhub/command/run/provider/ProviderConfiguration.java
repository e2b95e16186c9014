package io.benchmarkhub.command.run.provider;

import io.benchmarkhub.command.limits.LimitsProperties;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the {@link ProviderGateway} from {@link ProvidersProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProvidersProperties.class, LimitsProperties.class})
public class ProviderConfiguration {

    static final String MISSING_OPENROUTER_KEY_HINT = "set OPENROUTER_API_KEY or send X-Provider-Key";

    @Bean
    public ProviderGateway providerGateway(ProvidersProperties properties, LimitsProperties limits) {
        ProviderGateway gateway = gateway(properties, Clock.systemUTC(), Sleeper.REAL);
        gateway.fairUse(limits.callsPerUser(), limits.callsPerKey());
        return gateway;
    }

    static ProviderGateway gateway(ProvidersProperties properties, Clock clock, Sleeper sleeper) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var openrouter = new OpenAiCompatibleProvider(
                new OpenAiCompatibleProvider.Settings(
                        ProviderGateway.OPENROUTER,
                        properties.openrouter().baseUrl(),
                        properties.openrouter().apiKey(),
                        MISSING_OPENROUTER_KEY_HINT,
                        true,
                        properties.requestTimeout()),
                http,
                clock);
        var maxConcurrency = new HashMap<String, Integer>();
        maxConcurrency.put(ProviderGateway.OPENROUTER, properties.openrouter().maxConcurrency());
        List<ModelProvider> prefixed = new ArrayList<>();
        properties.openaiCompatible().forEach((name, endpoint) -> {
            prefixed.add(new OpenAiCompatibleProvider(
                    new OpenAiCompatibleProvider.Settings(
                            name, endpoint.baseUrl(), endpoint.apiKey(), null, false, properties.requestTimeout()),
                    http,
                    clock));
            maxConcurrency.put(name, endpoint.maxConcurrency());
        });
        if (properties.sim().enabled()) {
            prefixed.add(new SimulatedProvider(properties.sim().sleep(), sleeper));
            maxConcurrency.put(SimulatedProvider.NAME, properties.sim().maxConcurrency());
        }
        var retry = properties.retry();
        var policy = new RetryPolicy(
                retry.maxAttempts(),
                retry.baseDelay(),
                retry.maxDelay(),
                retry.maxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble(),
                sleeper);
        return new ProviderGateway(openrouter, prefixed, maxConcurrency, properties.increaseConcurrencyAfter(), policy);
    }
}
