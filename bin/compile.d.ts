export declare const outDir: string;
export declare function compile(): Promise<boolean>;
export declare function compileBenchmarks(files: readonly string[], out: string): Promise<string[] | null>;
export declare function compiledEntry(): Promise<string | null>;
