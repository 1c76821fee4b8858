"""Independent reading of a safetensors file with PyTorch (no safetensors package: Debian's torch 1.13 has none).

Parses the header with json + struct, maps each tensor's bytes with torch.frombuffer, and prints one JSON object:
{name: {"dtype", "shape", "values"}}, where values are the float32 bit patterns (as signed int32) of floating
tensors after PyTorch's own .to(torch.float32), and the plain integers of integer tensors. crosscheck.ts compares
them with what our reader returns. Usage: python3 read_safetensors.py FILE
"""
import json
import struct
import sys

import torch

TORCH_DTYPES = {
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "U8": torch.uint8,
}


def main(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    base = 8 + header_len
    out = {"__metadata__": header.pop("__metadata__", {})}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = TORCH_DTYPES[entry["dtype"]]
        if end == begin:  # frombuffer refuses empty buffers
            t = torch.empty(entry["shape"], dtype=dtype)
        else:
            t = torch.frombuffer(bytearray(data[base + begin : base + end]), dtype=dtype).reshape(entry["shape"])
        if t.is_floating_point():
            values = t.to(torch.float32).contiguous().view(torch.int32).flatten().tolist()
        else:
            values = t.flatten().tolist()
        out[name] = {"dtype": entry["dtype"], "shape": list(t.shape), "values": values}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
