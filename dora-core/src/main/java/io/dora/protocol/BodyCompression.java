package io.dora.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;

/**
 * Gzip (RFC 1952) compression of bodies, the format the original Dora used. Inflating is bounded: a body that
 * would inflate beyond the frame limit is rejected as soon as the limit is passed, never buffered whole.
 */
public final class BodyCompression {

	/** Compression level 4, the original's {@code gzencode(..., 4)}: most of the gain for little CPU. */
	private static final int LEVEL = 4;

	private BodyCompression() {
	}

	/** Appends the gzip form of {@code source}'s readable bytes to {@code target}. */
	public static void compress(ByteBuf source, ByteBuf target) {
		try (OutputStream out = new LeveledGzipOutputStream(new ByteBufOutputStream(target));
				InputStream in = new ByteBufInputStream(source.duplicate())) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Compression into memory failed", ex);
		}
	}

	/**
	 * Inflates a gzip body.
	 * @param compressed the compressed bytes
	 * @param maxLength the largest inflated size accepted
	 * @return the inflated bytes
	 * @throws DoraProtocolException {@link DoraCodes#FRAME_TOO_LARGE} beyond {@code maxLength},
	 * {@link DoraCodes#FRAME_TRUNCATED} for a cut-off stream, {@link DoraCodes#MALFORMED} for anything not gzip
	 */
	public static byte[] inflate(byte[] compressed, int maxLength) {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxLength, compressed.length * 4));
			byte[] chunk = new byte[8192];
			int total = 0;
			int read;
			while ((read = in.read(chunk)) != -1) {
				total += read;
				if (total > maxLength) {
					throw new DoraProtocolException(DoraCodes.FRAME_TOO_LARGE,
							"compressed body inflates beyond the limit of " + maxLength + " bytes");
				}
				out.write(chunk, 0, read);
			}
			return out.toByteArray();
		}
		catch (EOFException ex) {
			throw new DoraProtocolException(DoraCodes.FRAME_TRUNCATED, "compressed body is truncated", ex);
		}
		catch (ZipException ex) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, "body flagged as compressed is not gzip", ex);
		}
		catch (IOException ex) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, "compressed body cannot be read", ex);
		}
	}

	private static final class LeveledGzipOutputStream extends GZIPOutputStream {

		LeveledGzipOutputStream(OutputStream out) throws IOException {
			super(out, 8192);
			this.def.setLevel(LEVEL);
		}

	}

}
