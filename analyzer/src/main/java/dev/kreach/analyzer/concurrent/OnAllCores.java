package dev.kreach.analyzer.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Applies a step to every input on all cores and returns the results in the inputs' order, so that what a caller
 * does with them next does not depend on which thread finished first. The threads are daemons of the JVM's default
 * stack size ({@code -Xss}), which deep recursions (the value tracer) need as much as the main thread does. A step's
 * runtime exception or error is rethrown in the caller as it was.
 */
public final class OnAllCores {
    private OnAllCores() {
    }

    public static <I, O> List<O> map(List<I> inputs, Function<I, O> step, String threadName) {
        int threads = Math.min(inputs.size(), Runtime.getRuntime().availableProcessors());
        List<O> out = new ArrayList<>(inputs.size());
        if (threads <= 1) {
            inputs.forEach(i -> out.add(step.apply(i)));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<O>> running = new ArrayList<>(inputs.size());
            for (I input : inputs) {
                running.add(pool.submit(() -> step.apply(input)));
            }
            for (Future<O> f : running) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + threadName, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
