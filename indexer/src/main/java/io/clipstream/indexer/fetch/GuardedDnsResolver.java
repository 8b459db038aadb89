package io.clipstream.indexer.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves host names and vets every address against the {@link AddressPolicy}. Because the HTTP client connects
 * to exactly the addresses returned here, a host cannot pass the check and then re-resolve to an internal
 * address (DNS rebinding), and every redirect hop is checked the same way.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final AddressPolicy policy;

    GuardedDnsResolver(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(bare);
        String refusal = policy.refusal(bare, addresses);
        if (refusal != null) {
            throw new ForbiddenAddressException(refusal);
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
