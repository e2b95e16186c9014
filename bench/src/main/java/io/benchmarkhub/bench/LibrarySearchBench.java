package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The library search benchmark (bench/library-search.sh): against a running app, over HTTP only.
 * <ul>
 *   <li>{@code load}: creates N benchmarks (90% public) from a fixed vocabulary with C clients;</li>
 *   <li>{@code index}: replays one projection ({@code library} or {@code library-search}) and reports docs/s;</li>
 *   <li>{@code search}: C clients run a fixed query mix for S seconds; latency p50/p95/p99.</li>
 * </ul>
 * Usage: {@code LibrarySearchBench <base-url> <admin-token> load|index|search [key=value…]}.
 */
public final class LibrarySearchBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private static final String[] WORDS = vocabulary(300);
    private static final String[] TAGS = Arrays.copyOfRange(vocabulary(360), 300, 360);
    private static final String[] CATEGORIES = {
        "math",
        "code",
        "qa",
        "reasoning",
        "safety",
        "extraction",
        "summarisation",
        "translation",
        "classification",
        "chat",
        "retrieval",
        "agents"
    };

    private final String base;
    private final String admin;
    private final Map<String, String> options;

    private LibrarySearchBench(String base, String admin, Map<String, String> options) {
        this.base = base;
        this.admin = admin;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: LibrarySearchBench <base-url> <admin-token> load|index|search [count=N clients=N seconds=N projection=NAME]");
            System.exit(2);
        }
        var options = new HashMap<String, String>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        var bench = new LibrarySearchBench(args[0], args[1], options);
        switch (args[2]) {
            case "load" -> bench.load();
            case "index" -> bench.index();
            case "search" -> bench.search();
            default -> throw new IllegalArgumentException("unknown mode " + args[2]);
        }
        System.exit(0);
    }

    private int option(String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }

    // ---- load

    private void load() throws Exception {
        int count = option("count", 100_000);
        int clients = option("clients", 32);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JsonNode user =
                    send("POST", "/api/users", admin, "{\"handle\": \"bench-" + System.nanoTime() + "-" + i + "\"}");
            tokens.add(user.get("token").asText());
        }
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        try {
                            send("POST", "/api/benchmarks", tokens.get(i % tokens.size()), benchmark(i));
                        } catch (Exception e) {
                            if (failures.incrementAndGet() < 5) System.err.println("create failed: " + e.getMessage());
                        }
                        if (i > 0 && i % 10_000 == 0) System.out.printf("  loaded %,d%n", i);
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "load: %,d benchmarks in %.1f s (%,.0f/s, %d failed) with %d clients%n",
                count, seconds, count / seconds, failures.get(), clients);
    }

    private static String benchmark(int i) throws IOException {
        Random r = new Random(i);
        var title = new ArrayList<String>();
        for (int w = 0, n = 3 + r.nextInt(3); w < n; w++) title.add(capitalise(WORDS[zipf(r, WORDS.length)]));
        var description = new ArrayList<String>();
        for (int w = 0, n = 10 + r.nextInt(10); w < n; w++) description.add(WORDS[zipf(r, WORDS.length)]);
        var tags = new ArrayList<String>();
        for (int t = 0, n = 1 + r.nextInt(3); t < n; t++) tags.add(TAGS[zipf(r, TAGS.length)]);
        var body = new HashMap<String, Object>();
        body.put("title", String.join(" ", title));
        body.put("description", String.join(" ", description) + ".");
        body.put("tags", tags.stream().distinct().toList());
        body.put("category", CATEGORIES[r.nextInt(CATEGORIES.length)]);
        body.put("visibility", r.nextInt(10) == 0 ? "PRIVATE" : "PUBLIC");
        body.put(
                "cases",
                List.of(
                        Map.of("input", "Question about " + WORDS[r.nextInt(WORDS.length)] + "?", "expected", "yes"),
                        Map.of("input", "Explain " + WORDS[r.nextInt(WORDS.length)], "expected", "ok")));
        body.put("graders", List.of(Map.of("type", "contains")));
        return JSON.writeValueAsString(body);
    }

    // ---- index

    private void index() throws Exception {
        String projection = options.getOrDefault("projection", "library");
        int docs = option("count", 100_000);
        awaitCaughtUp(projection, Duration.ofMinutes(30));
        long start = System.nanoTime();
        send("POST", "/api/admin/projections/" + projection + "/replay", admin, null);
        Thread.sleep(500);
        awaitCaughtUp(projection, Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "index: replayed %s over %,d benchmarks in %.1f s: %,.0f docs/s%n",
                projection, docs, seconds, docs / seconds);
    }

    private void awaitCaughtUp(String projection, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode p : send("GET", "/api/admin/projections", admin, null)) {
                if (p.get("name").asText().equals(projection)
                        && p.get("state").asText().equals("LIVE")
                        && p.get("lag").asLong() == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(projection + " did not catch up");
    }

    // ---- search

    private void search() throws Exception {
        int clients = option("clients", 32);
        int seconds = option("seconds", 30);
        int warmup = option("warmup", 5);
        String userToken = send("POST", "/api/users", admin, "{\"handle\": \"bench-reader-" + System.nanoTime() + "\"}")
                .get("token")
                .asText();
        String deepCursor = null;
        JsonNode page = null;
        for (int i = 0; i < 50; i++) {
            page = send(
                    "GET",
                    "/api/library?sort=recent&size=20" + (deepCursor == null ? "" : "&cursor=" + deepCursor),
                    null,
                    null);
            if (page.get("nextCursor").isNull()) break;
            deepCursor = page.get("nextCursor").asText();
        }
        final String cursor = deepCursor;
        List<String> mix = new ArrayList<>();
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            String w = WORDS[zipf(r, WORDS.length)];
            String w2 = WORDS[zipf(r, WORDS.length)];
            String tag = TAGS[zipf(r, TAGS.length)];
            mix.add("/api/library?q=" + w);
            mix.add("/api/library?q=" + enc(w + " " + w2));
            mix.add("/api/library?q=" + typo(w, r));
            mix.add("/api/library?tags=" + tag);
            mix.add("/api/library?category=" + CATEGORIES[r.nextInt(CATEGORIES.length)] + "&sort=runs");
            mix.add("/api/library?q=" + w + "&tags=" + tag + "&sort=recent");
            mix.add("/api/library/suggest?prefix=" + w.substring(0, 3));
            mix.add("/api/library?sort=recent&size=20" + (cursor == null ? "" : "&cursor=" + cursor));
        }
        System.out.printf(
                "search: %d clients, %d s warm-up, %d s measured, a mix of %d queries (text, two words, typo, tag, category+runs,"
                        + " text+tag+recent, suggest, deep cursor page); half anonymous, half signed in%n",
                clients, warmup, seconds, 8);
        run(mix, clients, warmup, userToken, null);
        var latencies = new ConcurrentLinkedQueue<Long>();
        var errors = new AtomicLong();
        run(mix, clients, seconds, userToken, new Sink(latencies, errors));
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "search: %,d requests, %,.0f req/s, %d errors; latency ms p50 %.1f, p95 %.1f, p99 %.1f, max %.1f%n",
                sorted.length,
                sorted.length / (double) seconds,
                errors.get(),
                pct(sorted, 50),
                pct(sorted, 95),
                pct(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private record Sink(ConcurrentLinkedQueue<Long> latencies, AtomicLong errors) {}

    private void run(List<String> mix, int clients, int seconds, String userToken, Sink sink)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        var position = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        String path = mix.get(Math.floorMod(position.getAndIncrement(), mix.size()));
                        long t0 = System.nanoTime();
                        try {
                            send("GET", path, client % 2 == 0 ? null : userToken, null);
                            if (sink != null) sink.latencies().add(System.nanoTime() - t0);
                        } catch (Exception e) {
                            if (sink != null && sink.errors().incrementAndGet() < 5)
                                System.err.println(path + ": " + e.getMessage());
                        }
                    }
                    return null;
                });
            }
        }
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    // ---- HTTP and words

    private JsonNode send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) builder.header("Content-Type", "application/json");
        if (token != null) builder.header("Authorization", "Bearer " + token);
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300)
            throw new IOException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    /** Pronounceable pseudo-words, the same on every run. */
    private static String[] vocabulary(int n) {
        String[] syllables = {
            "ka", "lo", "mi", "ne", "tu", "ra", "si", "vo", "pe", "da", "gri", "zan", "tor", "bel", "qui", "mon", "fer",
            "lis"
        };
        Random r = new Random(7);
        var words = new java.util.LinkedHashSet<String>();
        while (words.size() < n) {
            var sb = new StringBuilder();
            for (int s = 0, k = 2 + r.nextInt(2); s < k; s++) sb.append(syllables[r.nextInt(syllables.length)]);
            words.add(sb.toString());
        }
        return words.toArray(String[]::new);
    }

    /** Skewed picks: low indexes are common words, like a real vocabulary. */
    private static int zipf(Random r, int n) {
        return (int) Math.min(
                        n - 1, Math.floor(Math.pow(n, r.nextDouble())) - 1 + (r.nextInt(3) == 0 ? r.nextInt(n) : 0))
                % n;
    }

    private static String typo(String word, Random r) {
        int i = 1 + r.nextInt(word.length() - 1);
        return word.substring(0, i) + (word.charAt(i) == 'x' ? 'y' : 'x') + word.substring(i + 1);
    }

    private static String capitalise(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
