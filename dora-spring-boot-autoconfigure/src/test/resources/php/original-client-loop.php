<?php
// A PHP client of the original Dora RPC protocol, written for Dora's tests from the protocol's description (not
// the original library, which needs the Swoole extension): PHP's own serialize()/unserialize(), pack('N'), crc32
// and gzencode over a plain stream socket. It runs the original README's client loop against the port given and
// prints what it received as JSON, one object for the whole run.
//
//   php original-client-loop.php <port> <iterations> <signed 0|1> <compressed 0|1>

$port = (int) $argv[1];
$iterations = (int) $argv[2];
$signed = $argv[3] === "1";
$compressed = $argv[4] === "1";
$salt = "=&$*#@(*&%(@";

$socket = stream_socket_client("tcp://127.0.0.1:" . $port, $errno, $error, 3.0);
if ($socket === false) {
    fwrite(STDERR, "cannot connect: $error\n");
    exit(2);
}
stream_set_timeout($socket, 5);

$pending = array();
$results = array();

function send_packet($socket, $packet, $signed, $compressed, $salt)
{
    $body = serialize($packet);
    if ($compressed) {
        $body = gzencode($body, 4);
    }
    $header = $signed ? pack('N', strlen($body) + 36) . pack('N', crc32($body . $salt))
        : pack('N', strlen($body) + 32);
    fwrite($socket, $header . $packet["guid"] . $body);
}

function read_exactly($socket, $length)
{
    $data = "";
    while (strlen($data) < $length) {
        $chunk = fread($socket, $length - strlen($data));
        if ($chunk === false || $chunk === "") {
            $meta = stream_get_meta_data($socket);
            throw new Exception($meta["timed_out"] ? "timeout" : "closed", 100009);
        }
        $data .= $chunk;
    }
    return $data;
}

function receive($socket, $signed, $compressed, $salt)
{
    $length = unpack("N", read_exactly($socket, 4))[1];
    $signature = $signed ? read_exactly($socket, 4) : "";
    $guid = read_exactly($socket, 32);
    $body = read_exactly($socket, $length - ($signed ? 36 : 32));
    if ($signed && pack("N", crc32($body . $salt)) !== $signature) {
        throw new Exception("Signed check error!", 100005);
    }
    if ($compressed) {
        $body = gzdecode($body);
    }
    $envelope = unserialize($body, array("allowed_classes" => false));
    if (!is_array($envelope) || $envelope["guid"] !== $guid) {
        throw new Exception("reply guid does not match its header", 100008);
    }
    return $envelope;
}

// Sends a request and waits for the frame whose body guid is ours; async results met on the way are kept.
function call($socket, $api, $type, $signed, $compressed, $salt)
{
    global $pending, $results;
    $guid = md5(microtime(true) . mt_rand(1, 1000000) . mt_rand(1, 1000000));
    send_packet($socket, array("api" => $api, "guid" => $guid, "type" => $type), $signed, $compressed, $salt);
    if ($type === "AM_S" || $type === "AM_M") {
        $pending[$guid] = true;
    }
    while (true) {
        $reply = receive($socket, $signed, $compressed, $salt);
        if ($reply["guid"] === $guid && !isset($reply["isresult"])) {
            return $reply;
        }
        if (isset($pending[$reply["guid"]]) && isset($reply["isresult"]) && $reply["isresult"] == 1) {
            unset($pending[$reply["guid"]]);
            $reply["fromwait"] = 1;
            $results[$reply["guid"]] = $reply;
        }
    }
}

function async_data($socket, $signed, $compressed, $salt)
{
    global $pending, $results;
    while (count($pending) > 0) {
        $reply = receive($socket, $signed, $compressed, $salt);
        if (isset($pending[$reply["guid"]]) && isset($reply["isresult"]) && $reply["isresult"] == 1) {
            unset($pending[$reply["guid"]]);
            $reply["fromwait"] = 0;
            $results[$reply["guid"]] = $reply;
        }
    }
    $all = $results;
    $results = array();
    return $all;
}

function single($name, $param)
{
    return array("one" => array("name" => $name, "param" => $param));
}

$run = array();
try {
    for ($i = 0; $i < $iterations; $i++) {
        $round = array();
        $round["single sync"] = call($socket, single("/module_a/abc" . $i, array("mark" => 234, "foo" => $i)), "W_S", $signed, $compressed, $salt);
        $round["single async"] = call($socket, single("/module_b/abc" . $i, array("yes" => 21321, "foo" => $i)), "AN_S", $signed, $compressed, $salt);
        $round["single async result"] = call($socket, single("/module_c/abd" . $i, array("yes" => 233, "foo" => $i)), "AM_S", $signed, $compressed, $salt);
        $round["multi sync"] = call($socket, array(
            "oak" => array("name" => "/module_c/dd" . $i, "param" => array("uid" => "ff")),
            "cd" => array("name" => "/module_f/ef" . $i, "param" => array("pathid" => "fds")),
        ), "W_M", $signed, $compressed, $salt);
        $round["multi async"] = call($socket, array(
            "oak" => array("name" => "/module_d/oakdf" . $i, "param" => array("dsaf" => "32111321")),
            "cd" => array("name" => "/module_e/oakdfff" . $i, "param" => array("codo" => "f11ds")),
        ), "AN_M", $signed, $compressed, $salt);
        $round["multi async result"] = call($socket, array(
            "oak" => array("name" => "/module_a/oakdf" . $i, "param" => array("dsaf" => "11")),
            "cd" => array("name" => "/module_b/oakdfff" . $i, "param" => array("codo" => "f11ds", "list" => array(1, 2.5, true, null))),
        ), "AM_M", $signed, $compressed, $salt);
        $round["allresult"] = async_data($socket, $signed, $compressed, $salt);
        $run[] = $round;
    }
    $stat = call($socket, array("cmd" => array("name" => "getStat", "param" => array())), "SC", $signed, $compressed, $salt);
    echo json_encode(array("rounds" => $run, "stat" => $stat), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION), "\n";
} catch (Exception $e) {
    fwrite(STDERR, "failed: " . $e->getCode() . " " . $e->getMessage() . "\n");
    exit(1);
}
