package com.governedactions.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.Customer;
import com.governedactions.action.workflow.GovernedActionWorkflowImpl;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AesGcmPayloadCodecTest {
  private static final String OLD = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final String NEW = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
  private static final Path HISTORIES = Path.of("../workflows/src/test/resources/histories");

  private final DataConverter json = DefaultDataConverter.newDefaultInstance();

  @Test
  void given_payload_when_encoded_then_ciphertextWithKeyIdAndDecodesToTheOriginal() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(Map.of("k1", OLD), null);
    Payload plain = plain("{\"note\":\"card 4111 1111 1111 1111\"}");

    Payload sealed = codec.encode(List.of(plain)).get(0);

    assertThat(sealed.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(sealed.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(sealed.getData().toStringUtf8()).doesNotContain("4111").doesNotContain("note");
    assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
  }

  @Test
  void given_samePayloadTwice_when_encoded_then_ciphertextsDiffer() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(Map.of("k1", OLD), null);
    Payload plain = plain("\"same\"");

    assertThat(codec.encode(List.of(plain)).get(0).getData()).isNotEqualTo(codec.encode(List.of(plain)).get(0).getData());
  }

  @Test
  void given_plaintextPayload_when_decoded_then_passedThroughUnchanged() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(Map.of("k1", OLD), null);
    Payload plain = plain("{\"orderId\":\"A-1\"}");

    assertThat(codec.decode(List.of(plain))).containsExactly(plain);
  }

  @Test
  void given_rotatedKeys_when_oldPayloadDecoded_then_oldKeyStillDecryptsAndNewPayloadsUseTheActiveKey() {
    Payload plain = plain("\"rotate me\"");
    Payload old = new AesGcmPayloadCodec(Map.of("2025", OLD), null).encode(List.of(plain)).get(0);
    AesGcmPayloadCodec rotated = new AesGcmPayloadCodec(Map.of("2025", OLD, "2026", NEW), "2026");

    assertThat(rotated.decode(List.of(old))).containsExactly(plain);
    assertThat(rotated.encode(List.of(plain)).get(0).getMetadataOrThrow("encryption-key-id").toStringUtf8())
        .isEqualTo("2026");
  }

  @Test
  void given_keyNoLongerConfigured_when_decoded_then_failsNamingTheKey() {
    Payload old = new AesGcmPayloadCodec(Map.of("2025", OLD), null).encode(List.of(plain("\"x\""))).get(0);
    AesGcmPayloadCodec withoutIt = new AesGcmPayloadCodec(Map.of("2026", NEW), null);

    assertThatThrownBy(() -> withoutIt.decode(List.of(old)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("'2025'")
        .hasMessageContaining("governed.codec.keys");
  }

  @Test
  void given_alteredCiphertextOrKeyId_when_decoded_then_refused() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(Map.of("a", OLD, "b", OLD), "a");
    Payload sealed = codec.encode(List.of(plain("\"amount 89.50\""))).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload flipped = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
    // same key bytes under another id: the id is authenticated, so this fails too
    Payload relabelled = sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("b")).build();

    assertThatThrownBy(() -> codec.decode(List.of(flipped))).isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("altered");
    assertThatThrownBy(() -> codec.decode(List.of(relabelled))).isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void given_badKeyConfiguration_when_created_then_refusedSayingWhatToFix() {
    assertThatThrownBy(() -> new AesGcmPayloadCodec(Map.of("short", "c2hvcnQ="), null))
        .hasMessageContaining("governed.codec.keys.short must be 32 bytes").hasMessageContaining("openssl rand -base64 32");
    assertThatThrownBy(() -> new AesGcmPayloadCodec(Map.of("bad", "not base64!"), null))
        .hasMessageContaining("governed.codec.keys.bad is not Base64");
    assertThatThrownBy(() -> new AesGcmPayloadCodec(Map.of("a", OLD, "b", NEW), null))
        .hasMessageContaining("governed.codec.active-key must name one of");
    assertThatThrownBy(() -> new AesGcmPayloadCodec(Map.of("a", OLD), "z"))
        .hasMessageContaining("'z' is not one of the configured keys");
    assertThatThrownBy(() -> new AesGcmPayloadCodec(Map.of(), null)).hasMessageContaining("at least one key");
  }

  /**
   * The workflow hashes its request in its constructor; loading Jackson's serializers there for the
   * first time can take over a second on a busy machine, which the replayer's deadlock detector
   * reports. Load them before any replay.
   */
  @BeforeAll
  static void loadSerializersOutsideTheWorkflowThread() {
    CanonicalHash.ofRequest(new ActionRequest("warm-up", "refund", Map.of("amount", "1.00"),
        new Actor(ActorType.AI, "bot", List.of()), new Customer("C-1", "vip", "otp"), "conv", "chat", "chat-backend"));
  }

  /** The committed histories were recorded in plaintext; the codec must not stop them replaying. */
  @TestFactory
  Stream<DynamicTest> given_committedPlaintextHistory_when_replayedThroughTheCodec_then_noFailure() throws IOException {
    DataConverter converter = new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmPayloadCodec(Map.of("k1", OLD), null)), true);
    List<Path> files;
    try (Stream<Path> listed = Files.list(HISTORIES)) {
      files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
          .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
          .build())) {
        WorkflowReplayer.replayWorkflowExecution(
            WorkflowExecutionHistory.fromJson(Files.readString(file)), env, GovernedActionWorkflowImpl.class);
      }
    }));
  }

  private Payload plain(String jsonText) {
    return json.toPayload(jsonText).orElseThrow().toBuilder().setData(ByteString.copyFromUtf8(jsonText)).build();
  }
}
