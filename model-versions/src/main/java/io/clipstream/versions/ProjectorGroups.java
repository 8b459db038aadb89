package io.clipstream.versions;

/**
 * The consumer group of a version's projector, {@code clipstream-projector-<model>-v<n>}: the group whose
 * committed offsets tell how far the version is built.
 */
public final class ProjectorGroups {

    private ProjectorGroups() {
    }

    public static String of(String baseModelId, int version) {
        return "clipstream-projector-" + baseModelId + "-v" + version;
    }
}
