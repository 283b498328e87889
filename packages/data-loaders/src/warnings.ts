/** A problem that does not stop loading: the value concerned becomes null or is replaced. */
export interface DataWarning {
  file: string;
  member?: string;
  line?: number;
  field?: string;
  date?: string;
  message: string;
}
