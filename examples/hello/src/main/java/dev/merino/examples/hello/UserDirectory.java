package dev.merino.examples.hello;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The users, in memory: a singleton service shared by every request. Thread-safe. */
public final class UserDirectory {
    private final Map<Integer, User> users = new ConcurrentSkipListMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** A user as the API shows it. */
    public record User(int id, String name, String email) {
    }

    /** Thrown when a user id is unknown; the app maps it to a 404 problem. */
    static final class UserNotFound extends RuntimeException {
        final int id;

        UserNotFound(int id) {
            super("user " + id, null, false, false);
            this.id = id;
        }
    }

    /** Creates the directory with its first user, Ada. */
    public UserDirectory() {
        add("Ada", "ada@example.com");
    }

    /** Returns the number of users. */
    public int size() {
        return users.size();
    }

    /** Returns up to {@code limit} users in id order. */
    public List<User> list(int limit) {
        return users.values().stream().limit(limit).toList();
    }

    /** Returns the user with the id, or throws {@link UserNotFound}. */
    public User find(int id) {
        User user = users.get(id);
        if (user == null) {
            throw new UserNotFound(id);
        }
        return user;
    }

    /** Adds a user with the next id and returns it. */
    public User add(String name, String email) {
        int id = ids.incrementAndGet();
        User user = new User(id, name, email);
        users.put(id, user);
        return user;
    }
}
