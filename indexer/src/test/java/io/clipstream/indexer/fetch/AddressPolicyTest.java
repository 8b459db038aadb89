package io.clipstream.indexer.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    private final AddressPolicy strict = new AddressPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1"})
    void internalAddressesAreRefused(String address) throws UnknownHostException {
        assertThat(strict.refusal("host", new InetAddress[] {InetAddress.getByName(address)}))
                .contains("internal address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "100.128.0.1"})
    void publicAddressesPass(String address) throws UnknownHostException {
        assertThat(strict.refusal("host", new InetAddress[] {InetAddress.getByName(address)})).isNull();
    }

    @Test
    void anyInternalAddressAmongSeveralRefusesTheHost() throws UnknownHostException {
        InetAddress[] mixed = {InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.5")};

        assertThat(strict.refusal("rebinding.example", mixed)).contains("10.0.0.5");
    }

    @Test
    void allowListTakesHostsAddressesAndRanges() throws UnknownHostException {
        AddressPolicy policy = new AddressPolicy(List.of("minio", "127.0.0.1", "10.20.0.0/16"));

        assertThat(policy.refusal("minio", new InetAddress[] {InetAddress.getByName("172.18.0.4")})).isNull();
        assertThat(policy.refusal("x", new InetAddress[] {InetAddress.getByName("127.0.0.1")})).isNull();
        assertThat(policy.refusal("x", new InetAddress[] {InetAddress.getByName("127.0.0.2")})).isNotNull();
        assertThat(policy.refusal("x", new InetAddress[] {InetAddress.getByName("10.20.99.1")})).isNull();
        assertThat(policy.refusal("x", new InetAddress[] {InetAddress.getByName("10.21.0.1")})).isNotNull();
        assertThat(policy.refusal("x", new InetAddress[] {InetAddress.getByName("::1")})).isNotNull();
    }

    @Test
    void badAllowListEntriesFailAtStartUp() {
        assertThatThrownBy(() -> new AddressPolicy(List.of("10.0.0.0/99")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/99");
    }
}
