package io.clipstream.cli.http;

/**
 * A service the CLI talks to, named in messages.
 *
 * @param name what the user calls it ("query API")
 * @param startHint how to start it, said when it does not answer
 */
public record Service(String name, String startHint) {

    public static final Service QUERY_API = new Service("query API",
            "start it with ./clipstream local, or java -jar query-api/target/quarkus-app/quarkus-run.jar");
    public static final Service TRAINER = new Service("trainer",
            "start it with ./clipstream local, or java -jar trainer/target/quarkus-app/quarkus-run.jar");
    public static final Service MODEL_HUB = new Service("model hub",
            "check the network, or pass --hub-url for a mirror");
}
