package io.benchmarkhub.api.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.stereotype.Component;

/**
 * Keeps webhooks from reaching into the installation's own network (SSRF). A URL is refused at registration when its host
 * is, or resolves to, a loopback, link-local, private (RFC 1918, unique-local fc00::/7, shared 100.64/10), multicast or
 * unspecified address; at delivery the sender resolves the host through {@link #resolver()} and connects only to
 * addresses checked the same way, so a name that points elsewhere by then (DNS rebinding) is refused too. The operator
 * may allow such addresses: all of them, or CIDR ranges.
 */
@Component
class NetworkGuard {

    /** The host resolves to an address webhooks may not reach. */
    static final class ForbiddenAddress extends UnknownHostException {
        ForbiddenAddress(String message) {
            super(message);
        }
    }

    /** An IPv4 or IPv6 range such as {@code 10.0.0.0/8}. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.strip().split("/", 2);
            try {
                if (!parts[0].matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an address: " + text);
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
                if (prefix < 0 || prefix > address.length * 8)
                    throw new IllegalArgumentException("bad prefix: " + text);
                return new Cidr(address, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException(
                        "benchmarkhub.webhooks.allowed-networks: not a CIDR range: " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) return false;
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
            }
            return true;
        }
    }

    private final boolean allowAll;
    private final List<Cidr> allowed;

    public NetworkGuard(WebhooksProperties properties) {
        this.allowAll = properties.allowPrivateNetworks();
        this.allowed = properties.allowedNetworks().stream().map(Cidr::parse).toList();
    }

    /** Why webhooks may not reach {@code address}, or empty when they may. */
    Optional<String> refusal(InetAddress address) {
        String kind = kind(address);
        if (kind == null || allowAll || allowed.stream().anyMatch(c -> c.contains(address))) return Optional.empty();
        return Optional.of("it resolves to a " + kind + " address (" + address.getHostAddress()
                + "), which webhooks may not reach");
    }

    private static String kind(InetAddress address) {
        if (address.isAnyLocalAddress()) return "unspecified";
        if (address.isLoopbackAddress()) return "loopback";
        if (address.isLinkLocalAddress()) return "link-local";
        if (address.isMulticastAddress()) return "multicast";
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (address.isSiteLocalAddress()) return "private";
            if (first == 0) return "unspecified";
            if (first == 100 && second >= 64 && second < 128) return "private";
            if (first == 255 && (b[1] & b[2] & b[3] & 0xff) == 0xff) return "broadcast";
        } else if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress()) return "private";
            if (isEmbeddedIpv4(b)) {
                try {
                    return kind(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return "private";
                }
            }
        }
        return null;
    }

    /** ::a.b.c.d (IPv4-compatible) and 64:ff9b::a.b.c.d (NAT64): judged by the IPv4 address inside. */
    private static boolean isEmbeddedIpv4(byte[] b) {
        boolean compatible = true;
        for (int i = 0; i < 12; i++) compatible &= b[i] == 0;
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) nat64 = b[i] == 0;
        return compatible || nat64;
    }

    /** The host's addresses, each allowed; throws {@link ForbiddenAddress} when any one is not. */
    InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) throw new ForbiddenAddress(refused.get());
        }
        return addresses;
    }

    /** The resolver the sender's HTTP client connects through. */
    DnsResolver resolver() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return NetworkGuard.this.resolve(unbracket(host));
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** A webhook URL as registered: http or https, a host, no credentials. */
    record Target(URI uri, boolean slack) {}

    /** Checks a URL at registration; the message says what is wrong with it. */
    Target check(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("is required");
        if (url.length() > 2000) throw new IllegalArgumentException("at most 2000 characters");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https"))
            throw new IllegalArgumentException("must be an http or https URL");
        if (uri.getHost() == null || uri.getHost().isBlank()) throw new IllegalArgumentException("has no host");
        if (uri.getRawUserInfo() != null) throw new IllegalArgumentException("must not carry a user name or password");
        if (uri.getRawFragment() != null) throw new IllegalArgumentException("must not have a fragment");
        try {
            resolve(unbracket(uri.getHost()));
        } catch (ForbiddenAddress e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("its host cannot be resolved");
        }
        boolean slack = scheme.equals("https") && uri.getHost().equalsIgnoreCase("hooks.slack.com");
        return new Target(uri, slack);
    }
}
