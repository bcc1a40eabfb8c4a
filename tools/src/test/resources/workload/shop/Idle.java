package shop;

/** A JVM that never loads Waymark: 'list' must not show it and the attaching commands must refuse it. */
public final class Idle {

    private Idle() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
