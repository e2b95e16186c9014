package io.benchmarkhub.api.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real OpenID Connect provider on a local port, small enough to read: discovery, an authorization endpoint that
 * signs in whoever the test said ({@link #nextUser}), the token endpoint (client_secret_basic, code → RS256 ID token
 * with the nonce) and the JWKS. The app's Spring Security OAuth2 client talks to it over HTTP as to Google.
 */
public final class OidcTestProvider {

    public static final String CLIENT_ID = "benchmarkhub-test";
    public static final String CLIENT_SECRET = "test-client-secret";

    /** Who the next authorization signs in. */
    public record Person(String subject, String email, boolean emailVerified, String name) {}

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    private volatile Person next = new Person("nobody", "nobody@example.org", false, "Nobody");

    public OidcTestProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", exchange -> send(exchange, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.start();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void nextUser(Person person) {
        next = person;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String issuer = issuer();
        send(exchange, 200, """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "email", "profile"],
                 "token_endpoint_auth_methods_supported": ["client_secret_basic"]}""".formatted(issuer));
    }

    /** Signs in {@link #next} at once and sends the browser back with a one-time code. */
    private void authorize(HttpExchange exchange) throws IOException {
        var query = form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))) {
            send(exchange, 400, "{\"error\": \"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        Person person = next;
        codes.put(
                code,
                Map.of(
                        "nonce",
                        query.getOrDefault("nonce", ""),
                        "redirect_uri",
                        query.get("redirect_uri"),
                        "sub",
                        person.subject(),
                        "email",
                        person.email(),
                        "verified",
                        Boolean.toString(person.emailVerified()),
                        "name",
                        person.name()));
        String location = query.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((enc(CLIENT_ID) + ":" + enc(CLIENT_SECRET)).getBytes(StandardCharsets.UTF_8));
        var body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        var grant = codes.remove(body.getOrDefault("code", ""));
        if (!expected.equals(basic)
                || grant == null
                || !grant.get("redirect_uri").equals(body.get("redirect_uri"))) {
            send(exchange, 400, "{\"error\": \"invalid_grant\"}");
            return;
        }
        try {
            var now = new Date();
            var claims = new JWTClaimsSet.Builder()
                    .issuer(issuer())
                    .subject(grant.get("sub"))
                    .audience(CLIENT_ID)
                    .issueTime(now)
                    .expirationTime(new Date(now.getTime() + 300_000))
                    .claim("nonce", grant.get("nonce"))
                    .claim("email", grant.get("email"))
                    .claim("email_verified", Boolean.parseBoolean(grant.get("verified")))
                    .claim("name", grant.get("name"))
                    .build();
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            send(exchange, 200, """
                    {"access_token": "%s", "token_type": "Bearer", "expires_in": 300, "scope": "openid", "id_token": "%s"}""".formatted(UUID.randomUUID(), jwt.serialize()));
        } catch (Exception e) {
            send(exchange, 500, "{\"error\": \"server_error\"}");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String raw) {
        var map = new HashMap<String, String>();
        if (raw == null || raw.isEmpty()) return map;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            map.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
