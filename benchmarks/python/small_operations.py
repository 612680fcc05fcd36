"""Small operations through the real Python modelstore, for benchmarks/run small (see BENCHMARKS.md).

Usage: small_operations.py <store> <models> <work-dir>
  <store> is file:///path or s3://bucket (S3 reads AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
  MODEL_STORE_REGION, as the Java side does; Debian's boto3 1.26 does not read the endpoint variable itself).
Prints one JSON object: the import, the first upload and listing in this fresh process, the whole series of uploads,
and a warm listing.
"""
import json
import os
import sys
import time

start = time.perf_counter()
import modelstore  # noqa: E402
from modelstore import ModelStore  # noqa: E402

imported = time.perf_counter() - start


def open_store(uri):
    if uri.startswith("file://"):
        return ModelStore.from_file_system(uri[len("file://"):], create_directory=True)
    if uri.startswith("s3://"):
        import boto3

        endpoint = os.environ["AWS_ENDPOINT_URL_S3"]
        client, resource = boto3.client, boto3.resource
        boto3.client = lambda *a, **k: client(*a, endpoint_url=endpoint, **k)
        boto3.resource = lambda *a, **k: resource(*a, endpoint_url=endpoint, **k)
        return ModelStore.from_aws_s3(uri[len("s3://"):], region=os.environ.get("MODEL_STORE_REGION"))
    raise SystemExit("unknown store " + uri)


def main():
    uri, models, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    model = os.path.join(work, "model.bin")
    with open(model, "wb") as f:
        f.write(os.urandom(1024))
    t = time.perf_counter()
    store = open_store(uri)
    opened = time.perf_counter() - t

    t = time.perf_counter()
    store.upload("small", model=model)
    first_upload = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(models - 1):
        store.upload("small", model=model)
    rest = time.perf_counter() - t

    t = time.perf_counter()
    listed = store.list_models("small")
    first_list = time.perf_counter() - t
    assert len(listed) == models, (len(listed), models)
    warm = []
    for _ in range(5):
        t = time.perf_counter()
        store.list_models("small")
        warm.append(time.perf_counter() - t)
    warm.sort()
    print(json.dumps({"runtime": "python modelstore " + modelstore.__version__, "import_s": imported, "open_s": opened,
                      "first_upload_s": first_upload, "uploads_s": first_upload + rest, "first_list_s": first_list,
                      "warm_list_s": warm[len(warm) // 2], "listed": len(listed)}))


main()
