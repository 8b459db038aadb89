package io.clipstream.testing;

import java.util.Arrays;

/** Child JVM main class for {@link ManagedProcessTest}: says which JDK runs it and with which arguments. */
public final class EchoMain {
    public static void main(String[] args) {
        System.out.println("java " + Runtime.version().feature() + " args " + Arrays.toString(args));
    }
}
