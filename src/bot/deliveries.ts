/**
 * Each webhook delivery is handled once. GitHub redelivers on request and on timeouts, with the
 * same delivery id: the store remembers ids, so a redelivered event does nothing twice (also when
 * two replicas receive it at once). A delivery whose handling failed is forgotten again, so that
 * redelivering it retries the work.
 */
import type { BotStore } from "./store/store.ts";

export type DeliveryOutcome = "handled" | "duplicate";

export async function oncePerDelivery(
  store: Pick<BotStore, "markDelivery" | "forgetDelivery">,
  deliveryId: string,
  work: () => Promise<void>,
): Promise<DeliveryOutcome> {
  if (!(await store.markDelivery(deliveryId))) return "duplicate";
  try {
    await work();
  } catch (error) {
    await store.forgetDelivery(deliveryId);
    throw error;
  }
  return "handled";
}
