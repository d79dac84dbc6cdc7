package com.governedactions.audit;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The copy of the checkpoints outside the database: {@code latest-checkpoint-<database>.json}
 * (replaced atomically) and {@code checkpoints-<database>.jsonl} (one line per checkpoint,
 * appended). Named by database so several databases can share one directory.
 */
final class CheckpointFile {
  private static final JsonMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private CheckpointFile() {}

  static Path latest(Path directory, String database) {
    return directory.resolve("latest-checkpoint-" + database + ".json");
  }

  static Path history(Path directory, String database) {
    return directory.resolve("checkpoints-" + database + ".jsonl");
  }

  static void write(Path directory, Checkpoint checkpoint) throws IOException {
    Files.createDirectories(directory);
    String json = JSON.writeValueAsString(checkpoint);
    Files.writeString(history(directory, checkpoint.database()), json + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    Path latest = latest(directory, checkpoint.database());
    Path temporary = Files.createTempFile(directory, ".latest-checkpoint-", ".tmp");
    Files.writeString(temporary, json, StandardCharsets.UTF_8, StandardOpenOption.SYNC);
    Files.move(temporary, latest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Empty when no checkpoint was ever written for this database in this directory. */
  static Optional<Checkpoint> read(Path directory, String database) throws IOException {
    Path latest = latest(directory, database);
    if (!Files.exists(latest)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(latest.toFile(), Checkpoint.class));
  }
}
