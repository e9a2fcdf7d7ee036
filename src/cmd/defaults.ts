/** Where `tug` keeps its state unless told otherwise (k3s keeps it under /var/lib too). */
export const DEFAULT_DATA_DIR = '/var/lib/tugboat';
