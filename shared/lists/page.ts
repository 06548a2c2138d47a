// One page of a list and how many rows the whole filtered list has: what every paged read returns.

export interface Page<T> {
  items: T[];
  total: number;
}
