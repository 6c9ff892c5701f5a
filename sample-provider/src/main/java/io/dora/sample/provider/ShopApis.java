package io.dora.sample.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.dora.DoraException;
import io.dora.annotation.DoraApi;
import io.dora.handler.DoraCallContext;

import org.springframework.stereotype.Component;

/**
 * Typed APIs, for the OpenAPI document and the clients generated from it: records, a generic record, collections,
 * maps, scalars, a pattern with a variable and a result completed later. The original example's APIs take and
 * return maps; these show what a document looks like when the types say more.
 */
@Component
public class ShopApis {

	/** Code of an unknown item. */
	public static final int NO_SUCH_ITEM = 4004;

	private static final Map<Long, Item> ITEMS = items();

	private static Map<Long, Item> items() {
		Map<Long, Item> items = new LinkedHashMap<>();
		items.put(1L, new Item(1, "teapot", List.of("kitchen", "tea"), 19.5, Stock.IN_STOCK));
		items.put(2L, new Item(2, "kettle", List.of("kitchen"), 34.0, Stock.LOW));
		items.put(3L, new Item(3, "cup", List.of("tea"), 4.25, Stock.SOLD_OUT));
		return items;
	}

	@DoraApi(path = "/shop/item", description = "One item by id; code 4004 when there is none.")
	public Item item(ItemQuery query) {
		Item item = (query != null) ? ITEMS.get(query.id()) : null;
		if (item == null) {
			throw new DoraException(NO_SUCH_ITEM, "no such item: " + query);
		}
		return item;
	}

	@DoraApi(path = "/shop/items", nonBlocking = true, description = "The first `size` items, and how many there are.")
	public Page<Item> items(int size) {
		List<Item> all = List.copyOf(ITEMS.values());
		return new Page<>(all.subList(0, Math.min(Math.max(size, 0), all.size())), all.size());
	}

	@DoraApi(path = "/shop/prices", nonBlocking = true, description = "The price of each known id, by id.")
	public Map<String, Double> prices(List<Long> ids) {
		Map<String, Double> prices = new LinkedHashMap<>();
		for (Long id : ids) {
			Item item = ITEMS.get(id);
			if (item != null) {
				prices.put(String.valueOf(id), item.price());
			}
		}
		return prices;
	}

	@DoraApi(path = "/shop/count", nonBlocking = true, description = "How many items there are.")
	public long count() {
		return ITEMS.size();
	}

	@DoraApi(path = "/shop/greet", nonBlocking = true, description = "A greeting for a name.")
	public String greet(String name) {
		return "Hello " + name;
	}

	@DoraApi(path = "/shop/lookup", nonBlocking = true,
			description = "The item by id, found without holding a thread: the result completes later.")
	public CompletionStage<Item> lookup(ItemQuery query) {
		return CompletableFuture.supplyAsync(() -> item(query));
	}

	@DoraApi(path = "/shop/item/{id}", description = "One item, its id in the name: `/shop/item/2`.")
	public Item itemById(DoraCallContext context) {
		String id = context.pathVariables().get("id");
		try {
			return item(new ItemQuery(Long.parseLong(id)));
		}
		catch (NumberFormatException ex) {
			throw new DoraException(NO_SUCH_ITEM, "no such item: " + id);
		}
	}

	/** How much of an item is left. */
	public enum Stock {

		IN_STOCK, LOW, SOLD_OUT

	}

	/**
	 * An item of the shop.
	 *
	 * @param id its id
	 * @param name what it is
	 * @param tags where it is listed
	 * @param price its price
	 * @param stock how much is left
	 */
	public record Item(long id, String name, List<String> tags, double price, Stock stock) {
	}

	/**
	 * Which item.
	 *
	 * @param id the item's id
	 */
	public record ItemQuery(long id) {
	}

	/**
	 * Part of a longer list.
	 *
	 * @param <T> the type of the entries
	 * @param items the entries
	 * @param total how many entries there are in all
	 */
	public record Page<T>(List<T> items, int total) {
	}

}
