package io.clipstream.cli.progress;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether progress bars make sense: only on an interactive terminal. */
public final class Terminals {

    private Terminals() {
    }

    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 on System.console() is non-null even when redirected; isTerminal() tells the truth there.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot ask the console whether it is a terminal", e);
        }
    }
}
