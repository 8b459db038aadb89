package io.clipstream.indexer.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which network addresses the fetcher may connect to. Internal addresses (loopback, private, link-local such as
 * cloud metadata endpoints, carrier-grade NAT, unique-local IPv6, multicast, unspecified) are refused unless a
 * host name, address or CIDR range is explicitly allowed.
 */
public final class AddressPolicy {

    private record Cidr(byte[] network, int prefix) {

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Cidr> INTERNAL = List.of(
            cidr("0.0.0.0/8"), cidr("10.0.0.0/8"), cidr("100.64.0.0/10"), cidr("127.0.0.0/8"),
            cidr("169.254.0.0/16"), cidr("172.16.0.0/12"), cidr("192.0.0.0/24"), cidr("192.168.0.0/16"),
            cidr("198.18.0.0/15"), cidr("224.0.0.0/4"), cidr("240.0.0.0/4"),
            cidr("::/128"), cidr("::1/128"), cidr("fc00::/7"), cidr("fe80::/10"), cidr("ff00::/8"),
            cidr("64:ff9b::/96"));

    private final Set<String> allowedHosts;
    private final List<Cidr> allowedRanges;

    /** @param allowedInternal host names, IP addresses or CIDR ranges that may be internal */
    public AddressPolicy(List<String> allowedInternal) {
        List<Cidr> ranges = new ArrayList<>();
        for (String entry : allowedInternal) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("/") || looksLikeAddress(e)) {
                ranges.add(cidr(e.contains("/") ? e : e + (e.contains(":") ? "/128" : "/32")));
            }
        }
        this.allowedRanges = List.copyOf(ranges);
        this.allowedHosts = allowedInternal.stream().map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty() && !s.contains("/") && !looksLikeAddress(s))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Null when {@code host} may be reached at these addresses, otherwise why not. */
    public String refusal(String host, InetAddress[] addresses) {
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return null;
        }
        for (InetAddress address : addresses) {
            InetAddress effective = unmapped(address);
            if (isInternal(effective) && allowedRanges.stream().noneMatch(r -> r.contains(effective))) {
                return "host " + host + " resolves to internal address " + effective.getHostAddress()
                        + ", which is not allowed (clipstream.fetch.allowed-internal)";
            }
        }
        return null;
    }

    static boolean isInternal(InetAddress address) {
        return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()
                || INTERNAL.stream().anyMatch(c -> c.contains(address));
    }

    /** IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are judged as the IPv4 address they carry. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("4 bytes are always a valid IPv4 address", e);
                }
            }
        }
        return address;
    }

    private static boolean looksLikeAddress(String s) {
        return s.matches("[0-9.]+") || (s.contains(":") && s.matches("[0-9a-fA-F:.]+"));
    }

    private static Cidr cidr(String text) {
        int slash = text.indexOf('/');
        try {
            // Literal addresses only: getByName does not resolve them, so no DNS lookup happens here.
            byte[] network = InetAddress.getByName(text.substring(0, slash)).getAddress();
            int prefix = Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            return new Cidr(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address or CIDR range: " + text, e);
        }
    }
}
