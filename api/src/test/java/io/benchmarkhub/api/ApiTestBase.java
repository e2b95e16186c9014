package io.benchmarkhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.benchmarkhub.api.auth.OidcTestProvider;
import io.benchmarkhub.api.run.FakeModels;
import io.benchmarkhub.command.run.catalogue.ModelCatalogueSync;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.testsupport.EventClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Integration tests over real HTTP against the whole application on an embedded PostgreSQL
 * (zonky, from Maven Central). All test classes share one application context (and database):
 * each test makes its own users and benchmarks, so tests do not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestBase {

    protected static final String ADMIN_TOKEN = "test-admin-token";
    /** The Stripe signing secret the tests sign payment webhooks with. */
    protected static final String WEBHOOK_SECRET = "whsec_test_0123456789";

    static {
        // events get distinct times, so a test names an instant between two writes (EventClock.between()) without
        // sleeping
        EventClock.install();
    }

    private static final Path DATA_DIR = createDataDir();
    /**
     * A local server speaking the OpenRouter protocol, shared by every test: it is the {@code fake/…}
     * provider and stands in for OpenRouter itself (with a server key). Models behave by name, see {@link FakeModels}.
     */
    protected static final FakeOpenRouterServer PROVIDER = startProvider();
    /** A real SMTP server (GreenMail) on a free local port: the app's mail outbox sends verification and reset mail to it. */
    protected static final GreenMail MAIL = startMail();
    /** A real OpenID Connect provider on a local port, configured as the provider {@code test}. */
    protected static final OidcTestProvider OIDC = new OidcTestProvider();
    /** A local server standing in for Stripe's API: the app opens its checkout sessions there. */
    protected static final io.benchmarkhub.api.credits.FakeStripeServer STRIPE =
            new io.benchmarkhub.api.credits.FakeStripeServer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("benchmarkhub.data-dir", DATA_DIR::toString);
        registry.add("benchmarkhub.bootstrap-admin-token", () -> ADMIN_TOKEN);
        // the golden library's 50 benchmarks would crowd every test's library; GoldenLibraryLoaderTest loads them
        registry.add("benchmarkhub.golden-library.enabled", () -> "false");
        // Quartz keys schedulers JVM-wide by name: every test context gets its own
        String scheduler = "test-" + UUID.randomUUID();
        registry.add("benchmarkhub.quartz-scheduler-name", () -> scheduler);
        registry.add("benchmarkhub.providers.openai-compatible.fake.base-url", PROVIDER::baseUrl);
        registry.add("benchmarkhub.providers.openai-compatible.fake.max-concurrency", () -> "16");
        registry.add("benchmarkhub.providers.openrouter.base-url", PROVIDER::baseUrl);
        registry.add("benchmarkhub.providers.openrouter.api-key", () -> "test-server-key");
        registry.add("benchmarkhub.providers.request-timeout", () -> "1s");
        registry.add("benchmarkhub.providers.retry.max-attempts", () -> "3");
        registry.add("benchmarkhub.providers.retry.base-delay", () -> "10ms");
        registry.add("benchmarkhub.providers.retry.max-delay", () -> "100ms");
        // fair use: other tests start runs and streams freely; FairUseTest lowers these to test the limits themselves
        registry.add("benchmarkhub.limits.concurrent-runs", () -> "1000");
        registry.add("benchmarkhub.limits.trials-per-day", () -> "100000000");
        registry.add("benchmarkhub.limits.streams-per-user", () -> "1000");
        registry.add("benchmarkhub.runs.scan-interval", () -> "1s");
        registry.add("benchmarkhub.payments.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("benchmarkhub.payments.checkout.secret-key", () -> "sk_test_checkout_secret");
        registry.add("benchmarkhub.payments.checkout.api-base", STRIPE::baseUrl);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("benchmarkhub.mail.poll-interval", () -> "100ms");
        // outgoing webhooks reach the tests' local receivers on 127.0.0.1 (and nothing else private); retries are quick
        registry.add("benchmarkhub.webhooks.allowed-networks", () -> "127.0.0.1/32");
        registry.add("benchmarkhub.webhooks.poll-interval", () -> "100ms");
        registry.add("benchmarkhub.webhooks.retry-base", () -> "100ms");
        registry.add("benchmarkhub.webhooks.retry-cap", () -> "400ms");
        registry.add("benchmarkhub.webhooks.connect-timeout", () -> "2s");
        registry.add("benchmarkhub.webhooks.read-timeout", () -> "2s");
        registry.add("spring.security.oauth2.client.registration.test.client-id", () -> OidcTestProvider.CLIENT_ID);
        registry.add(
                "spring.security.oauth2.client.registration.test.client-secret", () -> OidcTestProvider.CLIENT_SECRET);
        registry.add("spring.security.oauth2.client.registration.test.scope", () -> "openid,email,profile");
        registry.add("spring.security.oauth2.client.provider.test.issuer-uri", OIDC::issuer);
        // the price table: $10.00 buys 100 credits, $25.00 buys 500
        registry.add("benchmarkhub.payments.prices[0].price-id", () -> "price_test_100");
        registry.add("benchmarkhub.payments.prices[0].amount-minor", () -> "1000");
        registry.add("benchmarkhub.payments.prices[0].currency", () -> "usd");
        registry.add("benchmarkhub.payments.prices[0].credits", () -> "100");
        registry.add("benchmarkhub.payments.prices[1].price-id", () -> "price_test_500");
        registry.add("benchmarkhub.payments.prices[1].amount-minor", () -> "2500");
        registry.add("benchmarkhub.payments.prices[1].currency", () -> "usd");
        registry.add("benchmarkhub.payments.prices[1].credits", () -> "500");
        // plans are sold in the tests, so their limits apply (docs/plans.md); Free keeps the default of 10 private
        // benchmarks
        PLAN_PRICES.forEach((key, value) -> registry.add(key, () -> value));
    }

    /** The plans this test server sells: Pro monthly and yearly, and Team. */
    private static final Map<String, String> PLAN_PRICES = Map.ofEntries(
            Map.entry("benchmarkhub.plans.prices[0].plan", "PRO"),
            Map.entry("benchmarkhub.plans.prices[0].price-id", "price_test_pro"),
            Map.entry("benchmarkhub.plans.prices[0].amount-minor", "1900"),
            Map.entry("benchmarkhub.plans.prices[0].currency", "usd"),
            Map.entry("benchmarkhub.plans.prices[1].plan", "TEAM"),
            Map.entry("benchmarkhub.plans.prices[1].price-id", "price_test_team"),
            Map.entry("benchmarkhub.plans.prices[1].amount-minor", "4900"),
            Map.entry("benchmarkhub.plans.prices[1].currency", "usd"),
            Map.entry("benchmarkhub.plans.prices[2].plan", "PRO"),
            Map.entry("benchmarkhub.plans.prices[2].price-id", "price_test_pro_yearly"),
            Map.entry("benchmarkhub.plans.prices[2].amount-minor", "19000"),
            Map.entry("benchmarkhub.plans.prices[2].currency", "usd"),
            Map.entry("benchmarkhub.plans.prices[2].interval", "year"));

    /** The same plans as {@code --key=value} arguments, for another node of this installation ({@link ExtraNodes}). */
    protected static List<String> planPriceArgs() {
        return PLAN_PRICES.entrySet().stream()
                .map(price -> "--" + price.getKey() + "=" + price.getValue())
                .toList();
    }

    private static GreenMail startMail() {
        var mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    private static FakeOpenRouterServer startProvider() {
        try {
            return new FakeOpenRouterServer().otherwise(FakeModels.dispatch());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected ObjectMapper mapper;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private ModelCatalogueSync catalogueSync;

    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A fresh user for this test, with their token. */
    protected Caller alice;

    protected Caller bob;

    /** The apps (by port) whose first catalogue sync has been waited for. */
    private static final java.util.Set<Integer> CATALOGUE_SETTLED = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void createCallers() {
        // the catalogue sync records the first lists as events (ModelAppeared) when the app starts; one sync here waits
        // for
        // that (it takes each provider's lock in turn), so no test counting events sees them arrive in the middle
        if (CATALOGUE_SETTLED.add(port)) catalogueSync.sync();
        alice = createUser("alice");
        bob = createUser("bob");
    }

    protected record Caller(String id, String token) {}

    public record Response(int status, JsonNode body, String text, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    protected Caller createUser(String prefix) {
        return createUser(prefix, "USER");
    }

    /** A fresh user with {@code role} (ADMIN, ANALYST or USER). */
    protected Caller createUser(String prefix, String role) {
        String handle = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response created =
                send("POST", "/api/users", ADMIN_TOKEN, "{\"handle\":\"" + handle + "\",\"role\":\"" + role + "\"}");
        if (created.status() != 201) throw new IllegalStateException("cannot create user: " + created.text());
        return new Caller(
                created.body().get("id").asText(), created.body().get("token").asText());
    }

    protected Response get(String path, Caller caller) {
        return send("GET", path, caller == null ? null : caller.token(), null);
    }

    protected Response send(String method, String path, String token, String body, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) builder.setHeader("Content-Type", "application/json");
        return exchange(builder, token, headers);
    }

    /** Sends a request; the response body is parsed when it is one JSON document (not, e.g., application/x-ndjson). */
    protected Response exchange(HttpRequest.Builder builder, String token, String... headers) {
        builder.timeout(Duration.ofSeconds(60));
        if (token != null) builder.setHeader("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) builder.setHeader(headers[i], headers[i + 1]);
        try {
            HttpRequest request = builder.build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String type = response.headers().firstValue("Content-Type").orElse("");
            checkContract(request, response, type);
            boolean isJson = type.startsWith("application/json") || type.contains("+json");
            if (isJson && !response.body().isEmpty()) json = mapper.readTree(response.body());
            return new Response(response.statusCode(), json, response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The served OpenAPI document of each app (by port), which every answer is checked against. */
    private static final Map<Integer, ServedContract> CONTRACTS = new ConcurrentHashMap<>();

    /**
     * Checks a real answer against the OpenAPI document the app serves ({@link ServedContract}): errors are problem+json,
     * JSON answers match their documented schema. {@code -Dbenchmarkhub.test.contract=false} turns it off.
     */
    private void checkContract(HttpRequest request, HttpResponse<String> response, String type)
            throws IOException, InterruptedException {
        if ("false".equals(System.getProperty("benchmarkhub.test.contract"))
                || !request.uri().getRawPath().startsWith("/api/")) return;
        ServedContract contract = CONTRACTS.get(port);
        if (contract == null) {
            HttpResponse<String> spec = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            contract = new ServedContract(mapper.readTree(spec.body()));
            CONTRACTS.put(port, contract);
        }
        List<String> problems =
                contract.check(mapper, request.method(), request.uri(), response.statusCode(), type, response.body());
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    "The answer does not keep the served OpenAPI document:\n  " + String.join("\n  ", problems));
        }
    }

    protected Response send(String method, String path, Caller caller, String body, String... headers) {
        return send(method, path, caller == null ? null : caller.token(), body, headers);
    }

    /** Creates a benchmark owned by {@code owner} from a JSON body; returns its id. */
    protected String createBenchmark(Caller owner, String json) {
        Response created = send("POST", "/api/benchmarks", owner, json);
        if (created.status() != 201) throw new IllegalStateException("cannot create benchmark: " + created.text());
        return created.body().get("id").asText();
    }

    protected String createBenchmark(Caller owner, String title, String visibility) {
        return createBenchmark(owner, """
                {"title": "%s", "description": "test benchmark", "tags": ["test"], "category": "qa", "visibility": "%s",
                 "promptTemplate": "Answer: {{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}, {"input": "3+3", "expected": "6"}],
                 "graders": [{"type": "exact"}]}""".formatted(title, visibility));
    }

    /**
     * Waits until the model catalogue lists {@code model} with its prices. The catalogue is read once when the app starts;
     * on a loaded machine that first call to the provider server can time out, and then it is read again here, until it
     * answers.
     */
    protected void awaitCatalogue(String model) {
        eventually(
                () -> {
                    if (listed(model)) return true;
                    catalogueSync.sync();
                    return listed(model);
                },
                "the model catalogue (prices) lists " + model);
    }

    private boolean listed(String model) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM model_catalogue WHERE model_id = ?", Long.class, model);
        return n != null && n > 0;
    }

    protected long eventCount(String aggregateId) {
        Long n = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, aggregateId);
        return n == null ? 0 : n;
    }

    protected long totalEvents() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Puts the user on Pro as Stripe would, through a signed {@code customer.subscription.created} of an active
     * subscription (plans are sold in the tests, so scheduled runs and watchers need it, docs/plans.md).
     */
    protected String subscribePro(Caller user) {
        return subscribe("customer.subscription.created", null, "USER", user.id(), "price_test_pro");
    }

    /** Puts the workspace on Team through a signed {@code customer.subscription.created}; answers its id. */
    protected String subscribeTeam(String workspaceId) {
        return subscribe("customer.subscription.created", null, "WORKSPACE", workspaceId, "price_test_team");
    }

    /** Ends a subscription of {@link #subscribePro} as Stripe would ({@code customer.subscription.deleted}): Free again. */
    protected void endPro(String subscriptionId, Caller user) {
        subscribe("customer.subscription.deleted", subscriptionId, "USER", user.id(), "price_test_pro");
    }

    private String subscribe(
            String type, String subscription, String subscriberType, String subscriberId, String price) {
        String uid = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String id = subscription == null ? "sub_" + uid : subscription;
        // a deletion is stamped a second later than any creation of this moment, so it is never taken as older
        long now = java.time.Instant.now().getEpochSecond() + (subscription == null ? 0 : 1);
        String status = subscription == null ? "active" : "canceled";
        String payload = StripeEvents.subscription(
                type, id, "cus_" + uid, subscriberType, subscriberId, price, 1L, status, 1, false, now);
        Response delivered = sendStripe(payload);
        if (delivered.status() != 200
                || !"subscription".equals(delivered.body().get("status").asText()))
            throw new IllegalStateException("cannot subscribe: " + delivered.text());
        return id;
    }

    /** Delivers a Stripe event ({@link StripeEvents}) to the payments webhook, signed with the tests' secret. */
    protected Response sendStripe(String payload) {
        String signature;
        try {
            signature = com.stripe.net.Webhook.Signature.generateSignatureHeader(
                    payload, WEBHOOK_SECRET, com.stripe.net.Webhook.Util.getTimeNow());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return send("POST", "/api/webhooks/payments", (String) null, payload, "Stripe-Signature", signature);
    }

    /** Polls an eventually consistent read model; fails after 15 s. */
    protected static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Path createDataDir() {
        try {
            Path dir = Files.createTempDirectory("benchmarkhub-test-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
