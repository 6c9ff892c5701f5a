package io.dora.protocol;

import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.cfg.MapperBuilderState;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORFactory;

/**
 * Builds a mapper for another data format that starts from every setting of an application's {@link JsonMapper}:
 * its modules, mix-ins, features, naming strategy, inclusion and coercion rules. Only the token stream factory,
 * and with it the format's own read and write features, is replaced. So a value is bound the same way whether its
 * body came as JSON or in a binary format, which a format's own {@code builder()} with copied modules would not
 * guarantee (Spring Boot's customizers set more than modules).
 */
final class DerivedMapperBuilder extends MapperBuilder<ObjectMapper, DerivedMapperBuilder> {

	private DerivedMapperBuilder(MapperBuilderState state, TokenStreamFactory format) {
		super(state);
		this._streamFactory = format;
		// Format features are bit sets of each format's own enum: JSON's bits mean nothing to another format.
		this._formatReadFeatures = format.getFormatReadFeatures();
		this._formatWriteFeatures = format.getFormatWriteFeatures();
	}

	/** A mapper with the settings of {@code json} that reads and writes through {@code format}. */
	static ObjectMapper derive(JsonMapper json, TokenStreamFactory format) {
		return new DerivedMapperBuilder(json.rebuild().saveStateApplyModules(), format).build();
	}

	/**
	 * A CBOR mapper with the settings of {@code json}. Only this method names the CBOR classes, so that the codecs
	 * load without the optional {@code jackson-dataformat-cbor} until CBOR is used.
	 */
	static ObjectMapper cbor(JsonMapper json) {
		// The application's limits on nesting, numbers and strings hold for every format alike.
		TokenStreamFactory jsonFactory = json.tokenStreamFactory();
		return derive(json, CBORFactory.builder()
			.streamReadConstraints(jsonFactory.streamReadConstraints())
			.streamWriteConstraints(jsonFactory.streamWriteConstraints())
			.build());
	}

	@Override
	public ObjectMapper build() {
		return new DerivedMapper(this);
	}

	@Override
	protected MapperBuilderState _saveState() {
		return new State(this);
	}

	/** The mapper type; {@link ObjectMapper}'s constructor from a builder is protected. */
	private static final class DerivedMapper extends ObjectMapper {

		private static final long serialVersionUID = 1L;

		DerivedMapper(DerivedMapperBuilder builder) {
			super(builder);
		}

	}

	private static final class State extends MapperBuilderState {

		private static final long serialVersionUID = 1L;

		State(DerivedMapperBuilder source) {
			super(source);
		}

		@Override
		protected Object readResolve() {
			return new DerivedMapperBuilder(this, this._streamFactory).build();
		}

	}

}
