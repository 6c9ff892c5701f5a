package io.dora.protocol;

import java.math.BigDecimal;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NumericNode;
import tools.jackson.databind.node.ValueNode;

/**
 * Builds JSON trees that hold only finite numbers. JSON has no infinity, but a number such as {@code 1e999999999}
 * overflows a double and would reach a handler as {@code Infinity}; such a request is refused with
 * {@link DoraCodes#BAD_PARAMETER} while it is read, before anything runs.
 */
final class FiniteNumberNodeFactory extends JsonNodeFactory {

	private static final double MAX = Double.MAX_VALUE;

	@Override
	public NumericNode numberNode(double value) {
		return super.numberNode(finite(value));
	}

	@Override
	public ValueNode numberNode(Double value) {
		return super.numberNode((value != null) ? finite(value) : null);
	}

	@Override
	public NumericNode numberNode(float value) {
		return super.numberNode((float) finite(value));
	}

	@Override
	public ValueNode numberNode(Float value) {
		return super.numberNode((value != null) ? (float) finite(value) : null);
	}

	/** A decimal (kept as one when the mapper reads floats as BigDecimal) must fit a double too. */
	@Override
	public ValueNode numberNode(BigDecimal value) {
		if (value != null) {
			finite(value.doubleValue());
		}
		return super.numberNode(value);
	}

	private static double finite(double value) {
		if (Double.isNaN(value) || Math.abs(value) > MAX) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"a number is beyond the range of a double (an overflowing exponent); JSON numbers must be finite");
		}
		return value;
	}

}
