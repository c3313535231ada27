export declare const outFile: string;
export declare function generate(): string;
export declare function update(options?: { check?: boolean }): boolean;
