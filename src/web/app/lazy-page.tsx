import { Center, Loader } from "@mantine/core";
import { type ComponentType, lazy, Suspense } from "react";

/** A page component loaded from its own chunk on first use, with a spinner while the chunk arrives. */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K): ComponentType {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return function LazyPage() {
    return (
      <Suspense
        fallback={
          <Center py="xl" aria-busy="true">
            <Loader size="sm" aria-label="Loading page" />
          </Center>
        }
      >
        <Page />
      </Suspense>
    );
  };
}
