/** `node <nodeArgs> <script>`: how package.json's "relay" script (in `root`, this checkout by default) starts the relay. */
export function relayCommand(root?: string): { nodeArgs: string[]; script: string };
